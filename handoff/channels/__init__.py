"""Customer channels: Socket.IO (Rasa's socketio protocol) and REST (Rasa's rest protocol)."""
