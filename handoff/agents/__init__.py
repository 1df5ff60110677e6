"""Agents: accounts, login, the queue and the console API."""
