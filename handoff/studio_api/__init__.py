"""The comms studio's page and JSON API under ``/studio`` (the work is in ``handoff.studio``)."""
