"""The front door: owns every conversation and routes each customer message to the bot or a person."""
