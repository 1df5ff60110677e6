"""Training in the background (issue 13, items 3 and 4): a queue of trainings in the front door's
database, a worker process that runs ``rasa train`` from the bot's environment (never in a serving
process), and the gate that decides whether a trained model may be activated."""
