"""The comms studio: content fields with versions, the publish flow, checks, history, export."""
