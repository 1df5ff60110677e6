"""Tests of handoff.replies."""
