"""Agents teach too (issue 13, item 7): an agent's answer after a handoff, offered to the comms team
as a suggested response for an intent or as a canned reply, and the comms team's decision on it.

* ``models``: the ``suggestions`` table (migration ``0011_suggestions``).
* ``service``: suggesting (console) and listing, accepting, declining (studio), with the role rules.
* ``canned``: canned replies as studio content (document ``canned``), what agents pick in the console.
* ``views``: the console's and the studio's routes; ``setup(app)``.

Nothing a suggestion holds is ever published by it: accepting makes a draft in the studio's content,
which goes through the normal approve -> publish flow (``handoff.studio.flow``).
"""
