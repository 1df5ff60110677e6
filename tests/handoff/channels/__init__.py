"""Tests of the customer and agent channels (Socket.IO, REST) and scale-out."""
