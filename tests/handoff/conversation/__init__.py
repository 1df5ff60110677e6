"""Tests of handoff.conversation."""
