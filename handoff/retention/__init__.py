"""Deleting transcripts: after the retention period, and on request (GDPR Art. 5(1)(e), Art. 17)."""
