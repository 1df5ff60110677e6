"""The bot's side of a turn: ask Rasa, then store and deliver its replies through the send gate."""
