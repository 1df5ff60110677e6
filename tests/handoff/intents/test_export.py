"""The store back as files: with no studio change the repo's data/nlu comes back byte for byte (so
``data/nlu/`` stays the exported form), and a tree with a new intent passes ``rasa data validate``."""
from __future__ import annotations

import asyncio
import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from handoff.agents import service as agents
from handoff.config import ROOT
from handoff.intents import add_examples, answers, export, repo, write_training_data
from handoff.studio import flow
from handoff import migrations
from tests.handoff.intents.test_store import repo_copy, seeded

PASSWORD = "correct horse battery staple"
RULES = ROOT / "data" / "rules"
DOMAIN = ROOT / "bot" / "domain"


def _parsed(folder: Path) -> dict:
    return {path.relative_to(folder).as_posix(): yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in sorted(folder.rglob("*.yml"))}


async def test_without_studio_changes_the_export_is_the_repo(database_url: str, tmp_path: Path):
    engine, sessions = await seeded(database_url)
    async with sessions() as session:
        await write_training_data(session, tmp_path)
        files = await export.nlu_files(session)
    await engine.dispose()
    nlu = repo.nlu_dir(ROOT)
    assert files == {path.relative_to(nlu).as_posix(): path.read_text(encoding="utf-8")
                     for path in sorted(nlu.rglob("*.yml"))}  # byte for byte
    assert _parsed(tmp_path / "data" / "nlu") == _parsed(nlu)
    assert _parsed(tmp_path / "data" / "rules") == _parsed(RULES)
    assert _parsed(tmp_path / "bot" / "domain") == _parsed(DOMAIN)


async def _user(session, username: str, role: str):
    return await agents.create(session, username=username, password=PASSWORD, display_name=username, role=role)


async def _new_intent(sessions) -> None:
    """Intent ``pet_data`` (answer, then the offer of a person) with examples in both languages."""
    async with sessions() as session:
        editor, approver = await _user(session, "edda", "comms_editor"), await _user(session, "apollo", "approver")
        await answers.create_intent(session, agent=editor, name="pet_data", leads_to="answer_offer_person",
                                    titles={"en": "Pet data", "de": "Tierdaten"},
                                    answers={"en": "We never stored data about pets.",
                                             "de": "Daten über Haustiere hatten wir nie."})
        await add_examples(session, intent="pet_data", language="en", actor="edda", source="studio",
                           texts=["was my dog's microchip number stolen", "is data about my pets in the leak",
                                  "did they get my cat's vet records"])
        await add_examples(session, intent="pet_data", language="de", actor="edda", source="studio",
                           texts=["wurden die Daten meines Hundes gestohlen", "sind Tierdaten im Leck",
                                  "haben die auch die Tierarztdaten meiner Katze"])
        await session.commit()


async def test_a_new_intent_is_trained_only_once_its_answer_is_published(sqlite_url: str, tmp_path: Path):
    engine, sessions = await seeded(sqlite_url)
    await _new_intent(sessions)
    async with sessions() as session:
        await write_training_data(session, tmp_path / "draft")
    await _new_intent_published(sessions)
    async with sessions() as session:
        await write_training_data(session, tmp_path / "published")
    await engine.dispose()
    draft = tmp_path / "draft"
    assert not (draft / "data" / "nlu" / "en" / "studio.yml").exists()
    assert not (draft / "bot" / "domain" / "studio.yml").exists()
    published = tmp_path / "published"
    domain = yaml.safe_load((published / "bot" / "domain" / "studio.yml").read_text(encoding="utf-8"))
    assert domain["intents"] == ["pet_data"]
    english = next(variation for variation in domain["responses"]["utter_pet_data"] if "condition" not in variation)
    assert english == {"text": "We never stored data about pets.",
                       "buttons": [{"title": "Talk to a person", "payload": "/request_human"}]}
    rules = yaml.safe_load((published / "data" / "rules" / "studio.yml").read_text(encoding="utf-8"))
    assert rules["rules"] == [{"rule": "studio intent pet_data",
                               "steps": [{"intent": "pet_data"}, {"action": "utter_pet_data"}]}]
    german = yaml.safe_load((published / "data" / "nlu" / "de" / "studio.yml").read_text(encoding="utf-8"))
    assert german["nlu"][0]["intent"] == "pet_data" and "sind Tierdaten im Leck" in german["nlu"][0]["examples"]
    validate = subprocess.run(
        [str(ROOT / ".venv-bot" / "bin" / "rasa"), "data", "validate", "--config", str(ROOT / "config.yml"),
         "--domain", str(published / "bot" / "domain"), "--data", str(published / "data" / "nlu"),
         str(published / "data" / "rules"), "--fail-on-warnings"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", "PYTHONPATH": str(ROOT)})
    assert validate.returncode == 0, validate.stdout[-3000:] + validate.stderr[-3000:]


async def _new_intent_published(sessions) -> None:
    async with sessions() as session:
        approver = await session.scalar(flow.select(flow.Agent).where(flow.Agent.username == "apollo"))
        for path, language, _text in answers.answer_fields("pet_data", "answer_offer_person", {"en": "", "de": ""}):
            field_id = await session.scalar(flow.select(flow.ContentField.id).where(
                flow.ContentField.path == path, flow.ContentField.language == language))
            await flow.approve(session, agent=approver, field_id=field_id, version=1)
            await flow.publish(session, agent=approver, field_id=field_id, version=1)
        await session.commit()


def test_the_command_writes_the_repos_data_nlu(tmp_path: Path):
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'door.sqlite3'}",
           "SESSION_SECRET": base64.urlsafe_b64encode(os.urandom(32)).decode(), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "handoff", "export-nlu", str(tmp_path / "nlu")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    nlu = repo.nlu_dir(ROOT)
    for path in nlu.rglob("*.yml"):
        assert (tmp_path / "nlu" / path.relative_to(nlu)).read_text(encoding="utf-8") == \
            path.read_text(encoding="utf-8"), path.name


async def test_texts_yaml_would_misread_come_back_as_typed(sqlite_url: str):
    engine, sessions = await seeded(sqlite_url)
    typed = ['"quoted": a colon # not a comment', "- a dash first", "{braces} [brackets] and | a pipe",
             "Ümläute ß — and an emoji 🙂", "is my code [ABCD-EFGH-2345](notice_code) valid"]
    async with sessions() as session:
        await add_examples(session, intent="out_of_scope", language="de", texts=typed, actor="test", source="studio")
        await session.commit()
        files = await export.nlu_files(session)
    await engine.dispose()
    exported = yaml.safe_load(files["de/studio.yml"])
    assert exported["nlu"] == [{"intent": "out_of_scope", "examples": "".join(f"- {text}\n" for text in typed)}]


async def test_an_export_committed_to_the_repo_seeds_a_new_database_to_the_same_training_data(sqlite_url, tmp_path):
    root = repo_copy(tmp_path)
    engine, sessions = await seeded(sqlite_url, root)
    await _new_intent(sessions)
    await _new_intent_published(sessions)
    async with sessions() as session:
        await export.write_training_data(session, root, root=root)  # python -m handoff export-training .
        await export.write_training_data(session, tmp_path / "again", root=root)
    await engine.dispose()
    assert "pet_data" in yaml.safe_load((root / "bot" / "domain" / "studio.yml").read_text(encoding="utf-8"))["intents"]
    fresh = f"sqlite+aiosqlite:///{tmp_path / 'fresh.sqlite3'}"
    await asyncio.to_thread(migrations.upgrade, fresh)
    engine, sessions = await seeded(fresh, root)
    async with sessions() as session:
        await export.write_training_data(session, tmp_path / "fresh", root=root)
    await engine.dispose()
    for tree in ("again", "fresh"):
        for folder in ("data/nlu", "data/rules", "bot/domain"):
            assert _parsed(tmp_path / tree / folder) == _parsed(root / folder), (tree, folder)
