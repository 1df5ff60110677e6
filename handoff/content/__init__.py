"""Content the front door shows: its own phrases and the incident notice, reloaded when edited."""
