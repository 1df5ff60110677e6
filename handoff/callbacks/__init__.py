"""Callback requests: a waiting customer leaves a phone number instead of waiting in the chat."""
