"""Health endpoints of the front door: ``GET /health/live`` and ``GET /health/ready``."""
