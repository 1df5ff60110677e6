"""Intents without YAML (issue 13, item 2): the examples of every intent per language in the front
door's database, seeded from and exported back to the repo's ``data/nlu/``.

The contract other parts call (``/work/wt/ISSUE13-PLAN.md``, contract 2):
``add_examples``, ``intent_names``, ``ExampleRejected`` and ``write_training_data``.
"""
from handoff.intents.store import ExampleRejected, add_examples, intent_names

__all__ = ["ExampleRejected", "add_examples", "intent_names", "write_training_data"]


async def write_training_data(session, dest):  # noqa: ANN001, ANN201 - documented in handoff.intents.export
    """Write a complete Rasa training-data tree into ``dest`` (see ``handoff.intents.export``)."""
    from handoff.intents.export import write_training_data as write

    return await write(session, dest)
