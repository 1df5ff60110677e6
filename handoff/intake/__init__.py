"""A customer message coming in: check it, redact it, store it, then route it to the bot or a person."""
