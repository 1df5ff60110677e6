"""Satisfaction ratings a customer gives after a person handed the chat back or closed it."""
