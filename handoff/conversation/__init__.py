"""Conversations, their messages and their state machine."""
