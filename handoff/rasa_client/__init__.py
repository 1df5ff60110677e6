"""Talking to Rasa: the REST webhook and ``trigger_intent``, one Rasa process per conversation."""
