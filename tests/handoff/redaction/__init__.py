"""Tests of handoff.redaction."""
