"""The store back as files: the repo's ``data/nlu/`` form, and a complete Rasa training-data tree.

* ``data/nlu/<lang>/<file>.yml``: every example not removed, in the file it came from (new ones in
  ``studio.yml``), intents in the order of their first example there, the file's top comment and
  its other items (lookup tables, synonyms, regexes) as in the repo; ``data/nlu/*.yml`` (the shared
  entity patterns) copied. With no studio change the files are the repo's, byte for byte.
* ``data/rules/``: the repo's rules plus ``studio.yml``, one rule per intent made in the studio.
* ``bot/domain/``: the repo's domain plus ``studio.yml`` with those intents and their answers.

An intent made in the studio (and its examples) is trained only once its answer is published in
every language: no model may carry words an approver has not seen (``handoff.intents.answers``).
"""
from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any, Dict, List, Optional, Set, Tuple

import yaml
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from handoff.config import ROOT
from handoff.intents import answers, repo
from handoff.intents.models import Intent, IntentExample

STUDIO_HEADER = ("# Examples added in the studio's intent editor (issue 13). Written by\n"
                 "# `python -m handoff export-nlu data/nlu`: edit them in the studio, not here.\n")
RULES_HEADER = "# Rules of the intents made in the studio (issue 13), written by the export.\n"
DOMAIN_HEADER = "# Intents made in the studio (issue 13) and their published answers, written by the export.\n"


def _block(intent: str, texts: List[str]) -> str:
    return f"- intent: {intent}\n  examples: |\n" + "".join(f"    - {text}\n" for text in texts)


def nlu_file(header: str, blocks: List[Tuple[str, List[str]]], others: List[Any]) -> str:
    """The text of one example file: comment, version, other items, then one block per intent."""
    parts = [header, 'version: "3.1"\n', "nlu:\n" if blocks or others else "nlu: []\n"]
    if others:
        parts.append(yaml.safe_dump(others, sort_keys=False, allow_unicode=True, width=120))
    parts.append("\n".join(_block(intent, texts) for intent, texts in blocks))
    return "".join(parts)


async def _examples(session: AsyncSession, trained: Optional[Set[str]]) -> Dict[Tuple[str, str], List[Tuple[str, str]]]:
    """``{(language, file): [(intent, text), ...]}`` in export order; only ``trained`` intents when given."""
    rows = await session.execute(
        select(IntentExample.language, IntentExample.file, Intent.name, IntentExample.text)
        .join(Intent, Intent.id == IntentExample.intent_id).where(IntentExample.deleted_at.is_(None))
        .order_by(IntentExample.language, IntentExample.file, IntentExample.position, IntentExample.id))
    grouped: Dict[Tuple[str, str], List[Tuple[str, str]]] = {}
    for language, file, intent, text in rows.all():
        if trained is None or intent in trained:
            grouped.setdefault((language, file), []).append((intent, text))
    return grouped


def _files(grouped: Dict[Tuple[str, str], List[Tuple[str, str]]], root: Path) -> Dict[str, str]:
    """``{path under data/nlu: text}`` (blocking: reads the repo's files)."""
    out: Dict[str, str] = {}
    keys = set(grouped) | {(language, path.stem) for language in repo.LANGUAGES
                           for path in repo.language_files(root, language)}
    for language, file in sorted(keys):
        blocks: Dict[str, List[str]] = {}
        for intent, text in grouped.get((language, file), []):
            blocks.setdefault(intent, []).append(text)
        source = repo.nlu_dir(root) / language / f"{file}.yml"
        held = source.is_file()
        out[f"{language}/{file}.yml"] = nlu_file(repo.header(source) if held else STUDIO_HEADER, list(blocks.items()),
                                                 repo.other_items(source) if held else [])
    for path in sorted(repo.nlu_dir(root).glob("*.yml")):
        out[path.name] = path.read_text(encoding="utf-8")
    return out


async def nlu_files(session: AsyncSession, root: Path = ROOT, trained: Optional[Set[str]] = None) -> Dict[str, str]:
    """The ``data/nlu`` files of the store: ``{path relative to data/nlu: YAML text}`` (every
    intent's examples, or only those of ``trained`` intents)."""
    grouped = await _examples(session, trained)
    return await asyncio.to_thread(_files, grouped, root)


def _write(dest: Path, files: Dict[str, str]) -> None:
    for name, text in files.items():
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


async def write_nlu(session: AsyncSession, directory: Path, root: Path = ROOT) -> List[Path]:
    """Write the ``data/nlu`` form of the store into ``directory`` (e.g. the repo's ``data/nlu``);
    returns the files written."""
    files = await nlu_files(session, root)
    await asyncio.to_thread(_write, directory, files)
    return [directory / name for name in files]


def _rule(intent: Intent) -> Dict[str, Any]:
    steps: List[Dict[str, str]] = [{"intent": intent.name}, {"action": intent.response or ""}]
    if intent.leads_to == "hand_off":
        steps.append({"action": "action_hand_off"})
    return {"rule": f"studio intent {intent.name}", "steps": steps}


def _copy_repo(dest: Path, root: Path) -> None:
    for folder in (Path("data") / "rules", Path("bot") / "domain"):
        shutil.copytree(root / folder, dest / folder, dirs_exist_ok=True)


async def write_training_data(session: AsyncSession, dest: Path, root: Path = ROOT) -> None:
    """Write a complete Rasa training-data tree into ``dest``: ``data/nlu/{en,de}/*.yml``,
    ``data/rules/*.yml`` and ``bot/domain/*.yml``, the repo's plus what the studio added (see the
    module docstring), so that ``rasa train --config config.yml --domain dest/bot/domain --data
    dest/data/nlu dest/data/rules`` works. Files already in ``dest`` with other names stay."""
    studio = [intent for intent in await session.scalars(select(Intent).where(Intent.leads_to.is_not(None))
                                                          .order_by(Intent.position, Intent.id))]
    published = await answers.published_responses(session)
    ready = [intent for intent in studio if answers.complete(published.get(intent.response or ""))]
    left_out = {intent.name for intent in studio} - {intent.name for intent in ready}
    names = set(await session.scalars(select(Intent.name))) - left_out
    files = {f"data/nlu/{name}": text for name, text in (await nlu_files(session, root, names)).items()}
    if ready:
        files["data/rules/studio.yml"] = RULES_HEADER + yaml.safe_dump(
            {"version": "3.1", "rules": [_rule(intent) for intent in ready]}, sort_keys=False, allow_unicode=True)
        files["bot/domain/studio.yml"] = DOMAIN_HEADER + yaml.safe_dump(
            {"version": "3.1", "intents": [intent.name for intent in ready],
             "responses": {intent.response: published[intent.response] for intent in ready}},
            sort_keys=False, allow_unicode=True, width=120)

    def write() -> None:
        _copy_repo(dest, root)
        _write(dest, files)

    await asyncio.to_thread(write)
