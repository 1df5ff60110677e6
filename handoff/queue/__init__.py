"""The queue of conversations waiting for a person: entering it, positions, wait estimates, what the
waiting customer is told (availability and the hotline's hours)."""
