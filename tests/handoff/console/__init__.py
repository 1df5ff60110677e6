"""Tests of handoff.console."""
