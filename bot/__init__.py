"""The Rasa assistant's configuration (domain, endpoints, credentials) and its input channel."""
