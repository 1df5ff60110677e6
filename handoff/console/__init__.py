"""What agents do in the console: claim, answer, note, hand back, resolve; its JSON API."""
