"""Tests of handoff.intake."""
