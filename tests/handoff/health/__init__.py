"""Tests of handoff.health."""
