"""Insights (issue 13, item 6): how the assistant is doing, per language and per day, for a chosen
period, with the conversations behind every number.

* ``period``: the chosen days (UTC) and the filters of a drill-down, checked.
* ``facts``: one record per conversation started in the period, read from the tables retention
  deletes (conversations, messages, transitions, ratings), so nothing here outlives a conversation.
* ``numbers``: the numbers of a set of conversations, and which conversations make up a number.
* ``export``: CSV of the numbers and of a drill-down list (no message text; formula injection guarded).
* ``views``: the JSON/CSV API under ``/studio/api/insights`` and the redacted transcript (audited).

Who: :data:`READERS` (the comms roles, annotators and supervisors); agents get 403.
"""
from __future__ import annotations

import contract

READERS = contract.studio_page_roles("insights")
