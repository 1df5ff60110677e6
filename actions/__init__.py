"""The Rasa SDK action server: answers from the incident notice, the notice code check, handoffs.

Rasa SDK imports every module of this package and registers each ``Action`` subclass it finds.
"""
