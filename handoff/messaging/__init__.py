"""Storing and pushing messages the front door itself sends (system messages), and the push to sockets."""
