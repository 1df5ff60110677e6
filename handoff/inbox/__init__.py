"""The review inbox (issue 13, item 1): redacted customer messages that need a look, grouped by
similarity, with the bot's guesses; the team confirms, moves them to an intent (as new training
examples, ``handoff.intents.add_examples``), proposes a new intent or ignores them; every step audited.

Modules: ``models`` (decisions), ``similar`` (grouping), ``query`` (what is in the inbox),
``decide`` (the actions), ``views`` (``/studio/api/inbox`` and the page ``/studio/inbox``).
"""
