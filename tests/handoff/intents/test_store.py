"""The example store on SQLite and PostgreSQL: the repo's seed, and adding examples with the
contract's refusals (what the review inbox and the intent editor rely on)."""
from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from handoff.config import ROOT
from handoff.db import make_engine, make_sessionmaker
from handoff.intents import ExampleRejected, add_examples, intent_names, repo, store
from tests.handoff.conftest import db_rows


def repo_copy(tmp_path: Path) -> Path:
    """A copy of the repo's training data and domain (a test may change it like a new release)."""
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "data" / "nlu", root / "data" / "nlu")
    shutil.copytree(ROOT / "bot" / "domain", root / "bot" / "domain")
    return root


async def seeded(url: str, root: Path = ROOT):
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    await store.seed(sessions, root)
    return engine, sessions


async def add(sessions, **arguments):
    async with sessions() as session:
        stored = await add_examples(session, **{"actor": "test", "source": "studio", **arguments})
        await session.commit()
    return stored


async def test_the_repo_seeds_every_example_once(database_url: str):
    engine, sessions = await seeded(database_url)
    async with sessions() as session:
        names = await intent_names(session)
    assert await store.seed(sessions, ROOT) == 0  # the next start adds nothing
    await engine.dispose()
    assert names == repo.domain_intents(ROOT)
    for language in ("en", "de"):
        rows = await db_rows(database_url, "SELECT COUNT(*) AS n FROM intent_examples WHERE language = :l",
                             l=language)
        assert rows[0]["n"] == len(repo.repo_examples(ROOT)[language])


async def test_an_added_example_is_stored_normalised(database_url: str):
    engine, sessions = await seeded(database_url)
    stored = await add(sessions, intent="what_happened", language="de",
                       texts=["  Wurde\u00a0ich\tgehackt\u200b?\n ", "Cafe\u0301 gehackt, was ist los"])
    await engine.dispose()
    assert stored == ["Wurde ich gehackt?", "Café gehackt, was ist los"]
    rows = await db_rows(database_url, "SELECT text, source FROM intent_examples WHERE text LIKE 'Wurde ich gehackt?'")
    assert rows == [{"text": "Wurde ich gehackt?", "source": "studio"}]


@pytest.mark.parametrize("intent, language, text, reason", [
    ("greet", "en", "GOOD   evening", "duplicate"),  # the repo has "good evening" in greet
    ("goodbye", "en", "Good Evening", "in_other_intent"),
    ("greet", "en", " \u200b\n ", "empty"),
    ("greet", "en", "x" * (store.MAX_EXAMPLE_CHARS + 1), "too_long"),
    ("no_such_intent", "en", "hello there", "unknown_intent"),
    ("greet", "fr", "bonjour", "unknown_language"),
])
async def test_a_refused_example_says_why_and_adds_nothing(sqlite_url: str, intent, language, text, reason):
    engine, sessions = await seeded(sqlite_url)
    before = await db_rows(sqlite_url, "SELECT COUNT(*) AS n FROM intent_examples")
    with pytest.raises(ExampleRejected) as refused:
        await add(sessions, intent=intent, language=language, texts=["a fine new greeting indeed", text])
    await engine.dispose()
    assert refused.value.reason == reason
    assert await db_rows(sqlite_url, "SELECT COUNT(*) AS n FROM intent_examples") == before


async def test_the_same_text_twice_in_one_call_is_a_duplicate(sqlite_url: str):
    engine, sessions = await seeded(sqlite_url)
    with pytest.raises(ExampleRejected) as refused:
        await add(sessions, intent="greet", language="en", texts=["hiya folks", "Hiya  Folks"])
    await engine.dispose()
    assert (refused.value.reason, refused.value.text) == ("duplicate", "Hiya Folks")


async def test_two_people_adding_the_same_example_at_once_store_it_once(database_url: str):
    engine, sessions = await seeded(database_url)
    results = await asyncio.gather(*(add(sessions, intent=intent, language="en", texts=["is my pet data gone"])
                                     for intent in ("what_data_affected", "what_happened")),
                                   return_exceptions=True)
    await engine.dispose()
    assert sorted(type(result).__name__ for result in results) == ["ExampleRejected", "list"]
    rows = await db_rows(database_url, "SELECT COUNT(*) AS n FROM intent_examples WHERE text = 'is my pet data gone'")
    assert rows[0]["n"] == 1


async def test_entity_annotations_stay_for_known_entities_only(sqlite_url: str):
    engine, sessions = await seeded(sqlite_url)
    stored = await add(sessions, intent="provide_notice_code", language="en",
                       texts=["my new code is [ABCD-EFGH-2345](notice_code)", "see [this page](url) please"])
    await engine.dispose()
    assert stored == ["my new code is [ABCD-EFGH-2345](notice_code)", "see this page please"]


async def test_a_new_release_brings_its_new_examples_and_not_twice(database_url: str, tmp_path: Path):
    root = repo_copy(tmp_path)
    engine, sessions = await seeded(database_url, root)
    smalltalk = root / "data" / "nlu" / "en" / "smalltalk.yml"
    smalltalk.write_text(smalltalk.read_text(encoding="utf-8").replace(
        "- intent: greet\n  examples: |\n", "- intent: greet\n  examples: |\n    - howdy partner\n"), encoding="utf-8")
    assert await store.seed(sessions, root) == 1
    assert await store.seed(sessions, root) == 0
    await engine.dispose()
    rows = await db_rows(database_url, "SELECT i.name FROM intent_examples e JOIN intents i ON i.id = e.intent_id "
                                       "WHERE e.text = 'howdy partner'")
    assert rows == [{"name": "greet"}]
