"""The Rasa SDK action server: answers from the incident notice, the notice code check, handoffs.

Rasa SDK registers every ``Action`` subclass of the modules imported here.
"""
from actions import advice, affected, handoff, language, notice  # noqa: F401
