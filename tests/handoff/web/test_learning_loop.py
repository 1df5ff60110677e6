"""Issue 13's end-to-end test in real Chromium: the bot learns from a real conversation.

The product as ``make run`` runs it, minus supervisord: the front door (SQLite) routing to two real
Rasa processes that share one tracker store, the real action server reading the studio's content,
and the real training worker (``python -m handoff train-worker``) with the models folder laid out as
``scripts/run`` lays it out (``active.tar.gz`` links to the model in use; trainings land in
``trained/``). The gate runs the real blind set, validation set and test stories.

1. A customer's unclear message ("do the hackers know where I live": the trained model falls back
   on it and asks a clarifying question), sent in the widget, and two similar ones from two other
   customers appear in the review inbox; an annotator moves all three to ``what_data_affected`` in
   one bulk action; the intent editor lists them as examples.
2. A comms editor starts a training on the models page: its progress bar moves, its log shows; the
   gate's result shows (it must pass: otherwise the test fails printing the gate's reasons).
3. An approver activates the new model while customers keep talking: no turn fails or gets the
   apology; every Rasa process serves it; the same message is now understood.
4. A training that wrecks ``change_password`` (all but three of its examples per language moved to
   ``payment_card_safety`` in the intent editor's store) is blocked with a report naming the intent:
   the worker went through training and gate, the report's reasons are the kinds the page words and
   compared with the model in use, the gate ran the test stories on both models, the intent's changed
   validation messages are listed, and the blocked model is kept under its fingerprint.
5. The approver goes back to the previous model with the models page's button (a comms editor does
   not see it): every Rasa process serves the old model again, and the message is unclear again.
6. The insights page counts the conversations this test made and its unclear messages; the
   drill-down lists exactly the conversations behind them.
axe-core: no serious or critical violations on each studio page visited.

Takes two real trainings (minutes each, 3-20 on two shared cores; Rasa's cache in ``.rasa/`` spares the
dialogue policies): the suite's only trainings besides ``make train``. (A separate test of one wrecking
training through ``train-worker --once`` was folded into step 4: the same worker, gate and report, one
training fewer per run; ``--once`` itself is covered by tests/handoff/training/test_worker.py.)
"""
from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import AsyncIterator, List, Set

import pytest
from playwright.async_api import Page, expect

from handoff import migrations
from handoff.agents import service as agents
from handoff.db import make_engine, make_sessionmaker
from handoff.intents import ExampleRejected, editing
from handoff.redaction.redactor import Redactor
from tests import servers
from tests.conftest import ROOT
from tests.handoff.activation.conftest import (TwoRasas, activation_under_load, model_id, no_turn_lost,
                                              start_two_rasas)
from tests.handoff.clients import Agent
from tests.handoff.conftest import AGENT_PASSWORD, FrontDoorServer, db_rows, start_front_door
from tests.handoff.studio.bot import answers
from tests.handoff.studio.conftest import StudioUser
from tests.handoff.web.conftest import new_page, screenshot, serious_accessibility_violations, studio_page
from tests.handoff.web.test_pages import customer_says, messages, open_widget
from tests.handoff.web.test_texts import UI

# The trained model answers all three with nlu_fallback (top intents 0.19-0.23, below the 0.3 threshold);
# a change to the training data can make one of them understood, which the stored_intents check reports.
UNCLEAR = "do the hackers know where I live"
SIMILAR = ["do the attackers know where I live", "does the hacker know where I live"]
INTENT = "what_data_affected"
WRECKED, INTO, LEFT = "change_password", "payment_card_safety", 3  # examples per language left to it
USERS = [("anna", "annotator"), ("clara", "comms_editor"), ("arne", "approver")]
TRAINING_SECONDS = 2400  # one training with its gate, at most (measured: see the module docstring)


@dataclasses.dataclass
class Product:
    """The running parts: the front door, the two Rasa processes, the models folder."""

    door: FrontDoorServer
    rasas: TwoRasas
    models: Path
    worker_log: Path

    @property
    def url(self) -> str:
        return self.door.url

    @property
    def database_url(self) -> str:
        return self.door.settings.database_url


@pytest.fixture(scope="module")
async def product(tmp_path_factory: pytest.TempPathFactory, redactor: Redactor) -> AsyncIterator[Product]:
    """The front door, two Rasa processes, the action server and the training worker (see the docstring)."""
    work = tmp_path_factory.mktemp("learning-loop")
    url = f"sqlite+aiosqlite:///{work / 'handoff.sqlite3'}"
    await asyncio.to_thread(migrations.upgrade, url)
    engine = make_engine(url)
    async with make_sessionmaker(engine)() as session:  # accounts first, as `make user` makes them
        for username, role in USERS:
            await agents.create(session, username=username, password=AGENT_PASSWORD, role=role)
        await session.commit()
    await engine.dispose()
    models = work / "models"
    models.mkdir()
    shutil.copyfile(servers.MODEL, models / "breach-assistant.tar.gz")
    (models / "active.tar.gz").symlink_to("breach-assistant.tar.gz")  # as scripts/run links it
    rasas = await asyncio.to_thread(start_two_rasas, work / "rasa", models / "active.tar.gz",
                                    {"CONTENT_DATABASE_URL": url})
    worker_log = work / "train-worker.log"
    env = {**os.environ, "DATABASE_URL": url, "TRAINING_MODELS_DIR": str(models / "trained"),
           "RASA_MODEL": str(models / "active.tar.gz"), "TRAINING_POLL_SECONDS": "1"}
    try:
        door = await start_front_door(url, redactor, rasas.urls, rasas.token, models_dir=models,
                                      rasa_model=models / "active.tar.gz", new_conversations_per_hour=100000,
                                      action_server_url=rasas.first.actions_url,
                                      action_server_token=rasas.first.actions_token)
    except BaseException:
        await asyncio.to_thread(rasas.stop)
        raise
    with worker_log.open("wb") as log:
        worker = subprocess.Popen([sys.executable, "-m", "handoff", "train-worker"], cwd=ROOT, env=env,
                                  stdout=log, stderr=subprocess.STDOUT)
    yield Product(door, rasas, models, worker_log)
    worker.terminate()
    await asyncio.to_thread(worker.wait, 60)
    await door.runner.cleanup()
    await asyncio.to_thread(rasas.stop)


async def stored_intents(database_url: str, texts: List[str]) -> List[str]:
    """The intents the front door stored with the customer messages of ``texts``, oldest first."""
    rows = await db_rows(database_url, "SELECT text, intent FROM messages WHERE sender = 'customer' ORDER BY id")
    return [row["intent"] for row in rows if row["text"] in texts]


async def unclear_conversations(database_url: str) -> Set[str]:
    rows = await db_rows(database_url, "SELECT DISTINCT conversation_id FROM messages "
                                       "WHERE sender = 'customer' AND intent = 'nlu_fallback'")
    return {row["conversation_id"] for row in rows}


async def accessible(page: Page) -> None:
    assert await serious_accessibility_violations(page) == []


async def start_training(page: Page, note: str) -> int:
    """Start a training on the models page; its id."""
    await page.locator("#notice").evaluate("node => { node.textContent = ''; }")  # not an earlier training's
    await page.get_by_label("What changed (optional)").fill(note)
    await page.get_by_role("button", name="Start a training").click()
    notice = page.locator("#notice")
    await expect(notice).to_contain_text("is in the queue.")
    return int((await notice.text_content()).split()[1])


async def finished_training(page: Page, product: Product, job: int) -> dict:
    """Wait until training ``job`` ended, watching the page meanwhile: ``{"row": its database row,
    "progress": the progress bar's values seen, "log": the log's longest text seen, "stages": the
    worker's stages seen in the database}``."""
    bar = page.get_by_role("progressbar", name=f"Progress of training {job}")
    seen, log, stages = [], "", set()
    deadline = time.monotonic() + TRAINING_SECONDS
    while time.monotonic() < deadline:
        [row] = await db_rows(product.database_url, "SELECT state, stage, progress, failure, report, log_tail, "
                                                    "model_path, fingerprint FROM training_jobs WHERE id = :id", id=job)
        stages.add(row["stage"])
        if row["state"] not in ("queued", "running"):
            row["report"] = json.loads(row["report"]) if isinstance(row["report"], str) else row["report"]
            return {"row": row, "progress": seen, "log": log, "stages": stages}
        if await bar.count():
            value = await bar.first.get_attribute("aria-valuenow")
            if value is not None and (not seen or seen[-1] != int(value)):
                seen.append(int(value))
        text = await page.locator("#log").text_content() or ""
        log = text if len(text) > len(log) else log
        await asyncio.sleep(2)
    raise AssertionError(f"training {job} did not end in {TRAINING_SECONDS} s: "
                         f"{product.worker_log.read_text(errors='replace')[-3000:]}")


def gate_reasons(report: dict) -> str:
    return json.dumps(report.get("reasons"), indent=1) if report else "(no report)"


async def wreck(database_url: str) -> int:
    """Move all but ``LEFT`` examples per language of ``WRECKED`` to ``INTO`` with the intent editor's
    own function (the editor moves one example at a time); how many moved. Both languages: the model
    is bilingual, and German examples' character n-grams ("Passwort") could keep English password
    questions on ``WRECKED``."""
    rows = await db_rows(database_url, "SELECT e.id, e.version, e.language FROM intent_examples e JOIN intents i "
                                       "ON i.id = e.intent_id WHERE i.name = :name AND e.deleted_at IS NULL "
                                       "ORDER BY e.id", name=WRECKED)
    engine = make_engine(database_url)
    moved = 0
    async with make_sessionmaker(engine)() as session:
        for language in ("en", "de"):
            for row in [row for row in rows if row["language"] == language][LEFT:]:
                try:
                    await editing.move(session, example_id=row["id"], version=row["version"], intent=INTO,
                                       actor="clara")
                except ExampleRejected:
                    continue  # the other intent has this wording already
                moved += 1
        await session.commit()
    await engine.dispose()
    return moved


async def approver_api(url: str) -> StudioUser:
    browser = Agent(url)
    assert (await browser.login("arne", AGENT_PASSWORD)).status == 200
    return StudioUser(browser)


@pytest.mark.timeout(2 * TRAINING_SECONDS + 900)
async def test_the_bot_learns_an_unclear_message_and_goes_back_on_request(product: Product, browser):
    url = product.url
    started: List[str] = []  # how the test's customers came: one line per conversation
    first_day = dt.datetime.now(dt.timezone.utc).date()  # the day its conversations start on
    old_model = model_id(product.models / "breach-assistant.tar.gz")
    assert set(product.rasas.status().values()) == {old_model}

    # 1. The unclear message from a customer in the widget, two similar ones from two other customers.
    customer = await new_page(browser, 1280, 800)
    await open_widget(customer, url)
    await customer_says(customer, UNCLEAR)
    await expect(messages(customer, "bot").first).to_be_visible(timeout=60_000)
    started.append("widget")
    for text in SIMILAR:
        assert await answers(url, text, "en")
        started.append("rest")
    assert await stored_intents(product.database_url, [UNCLEAR, *SIMILAR]) == ["nlu_fallback"] * 3

    inbox = await studio_page(browser, url, "/studio/inbox", "anna")
    for text in [UNCLEAR, *SIMILAR]:
        await expect(inbox.locator("#groups").get_by_role("checkbox", name=text, exact=True)).to_be_visible()
    await expect(inbox.locator(".group", has_text=UNCLEAR)).to_contain_text("unclear")
    await accessible(inbox)
    await screenshot(inbox, "studio-inbox")
    for text in [UNCLEAR, *SIMILAR]:
        await inbox.locator("#groups").get_by_role("checkbox", name=text, exact=True).check()
    await expect(inbox.locator("#selected-count")).to_have_text("3 selected")
    await inbox.get_by_label("What to do").select_option("move")
    await inbox.get_by_label("Intent", exact=True).select_option(INTENT)
    await inbox.get_by_role("button", name="Apply to the selected messages").click()
    await expect(inbox.locator("#notice")).to_have_text("Done: 3 message(s).")
    await expect(inbox.locator("#activity")).to_contain_text(f"anna moved 3 message(s) -> {INTENT}")

    editor = await studio_page(browser, url, "/studio/intents", "anna")
    await editor.locator(f"#intent-list button[data-intent='{INTENT}']").click()
    await expect(editor.locator("#intent-title")).to_have_text(UI["intents"][INTENT]["en"])
    english = editor.locator("section.language:has(h3:text-matches('^English'))")
    for text in [UNCLEAR, *SIMILAR]:
        await expect(english.locator(f"ol.examples input[value='{text}']")).to_have_count(1)
    await accessible(editor)
    await english.locator(f"ol.examples input[value='{SIMILAR[0]}']").scroll_into_view_if_needed()
    await screenshot(editor, "studio-intents")
    await editor.context.close()

    # 2. A training of the studio's examples, with visible progress and the gate's result.
    trainer = await studio_page(browser, url, "/studio/models", "clara")
    await expect(trainer.get_by_role("button", name="Go back to the previous model")).to_be_hidden()
    good = await start_training(trainer, "three unclear messages from the inbox")
    ended = await finished_training(trainer, product, good)
    row = ended["row"]
    assert row["failure"] is None, row["log_tail"][-3000:]
    assert row["state"] == "passed", f"the gate blocked the good training: {gate_reasons(row['report'])}"
    assert len(ended["progress"]) >= 2 and ended["progress"] == sorted(ended["progress"]), ended["progress"]
    assert ended["log"].strip(), "the training's log never showed"
    await trainer.get_by_role("button", name=f"Details: Training {good}").click()
    await expect(trainer.locator("#report")).to_contain_text("The new model passed the gate")
    await accessible(trainer)

    # 3. Activation while customers keep talking.
    approver = await studio_page(browser, url, "/studio/models", "arne")
    await approver.get_by_role("button", name=f"Details: Training {good}").click()

    async def begin() -> None:
        await approver.get_by_role("button", name="Activate this model").click()
        await expect(approver.locator("#notice")).to_contain_text(f"The model of training {good} is being activated")

    follower = await approver_api(url)
    status, load = await activation_under_load(product.door, follower, begin)
    await follower.close()
    started += ["load"] * load.conversations
    assert status["last"]["outcome"] == "active", status
    no_turn_lost(load, answered=10)
    new_model = model_id(Path(row["model_path"]))
    assert set(product.rasas.status().values()) == {new_model}
    await expect(approver.locator(f"[data-training='{good}']")).to_contain_text("Activated by arne", timeout=30_000)
    # The running bot now understands the message.
    assert await answers(url, UNCLEAR, "en")
    started.append("rest")
    assert (await stored_intents(product.database_url, [UNCLEAR]))[-1] == INTENT

    # 4. A training that wrecks an intent is blocked, with a report naming it.
    assert await wreck(product.database_url) > 60
    bad = await start_training(trainer, f"{WRECKED} examples moved to {INTO}")
    ended = await finished_training(trainer, product, bad)
    row, report = ended["row"], ended["row"]["report"]
    assert (row["state"], row["progress"], row["failure"]) == ("blocked", 100, None), row["log_tail"][-3000:]
    assert {"training_nlu", "gate"} <= ended["stages"], ended["stages"]
    assert "gate: blocked" in row["log_tail"]
    (ROOT / "results").mkdir(exist_ok=True)  # for a look after a failure (no blind-set text in it)
    (ROOT / "results" / "training-gate-report.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    assert any(reason.get("intent") == WRECKED for reason in report["reasons"]), gate_reasons(report)
    # Why it is blocked, in figures the page words: floors the model in use meets and this one misses,
    # intents worse by more than the margin, failed test stories (by name; Rasa ran them on both models).
    assert {reason["kind"] for reason in report["reasons"]} <= {
        "floor_recall", "floor_accuracy", "floor_confidently_wrong", "worse", "story"}, gate_reasons(report)
    assert "error" not in report["stories"] and report["active_stories"]["passed"] is not None
    assert report["stories"]["passed"] == (not report["stories"]["failed"])
    # Every reason compared with the model in use says how many blind messages got worse and better.
    assert all(reason["significant"] for reason in report["reasons"] if reason["kind"] != "story")
    [row_en] = [r for r in report["intents"] if (r["intent"], r["language"]) == (WRECKED, "en")]
    assert row_en["change"] < 0, row_en
    assert [m for m in report["changed"] if m["expected"] == WRECKED and m["language"] == "en"]
    # The blocked model is kept under its fingerprint; each model in use was evaluated once, then cached.
    blocked_model = Path(row["model_path"])
    assert blocked_model.parent == product.models / "trained" and row["fingerprint"][:16] in blocked_model.name
    assert blocked_model.exists()
    evaluated = await db_rows(product.database_url, "SELECT fingerprint FROM model_evaluations")
    assert len(evaluated) == 2, evaluated  # the first model (step 2's gate) and step 2's model (this gate)
    await trainer.get_by_role("button", name=f"Details: Training {bad}").click()
    shown = trainer.locator("#report")
    await expect(shown).to_contain_text("The gate blocked this model")
    await expect(shown.locator(".reasons")).to_contain_text(f"{WRECKED} (EN)")
    await expect(trainer.get_by_role("button", name="Activate this model")).to_be_hidden()
    await accessible(trainer)

    # 5. One click back (approvers only), with a question first.
    await trainer.reload()
    await expect(trainer.locator("#active")).to_contain_text("trained/")
    await expect(trainer.get_by_role("button", name="Go back to the previous model")).to_be_hidden()
    await approver.reload()
    button = approver.get_by_role("button", name="Go back to the previous model")
    await expect(approver.locator("#previous")).to_contain_text("breach-assistant.tar.gz")
    await button.click()
    dialog = approver.get_by_role("dialog", name="Go back to the previous model")
    await expect(dialog).to_contain_text("Go back to breach-assistant.tar.gz?")
    await accessible(approver)
    await dialog.get_by_role("button", name="Cancel").click()
    await expect(dialog).to_be_hidden()
    assert set(product.rasas.status().values()) == {new_model}
    await button.click()
    await dialog.get_by_role("button", name="Go back", exact=True).click()
    await expect(approver.locator("#notice")).to_contain_text("Going back to breach-assistant.tar.gz")
    await expect(approver.locator("#notice")).to_contain_text("Back on the previous model: breach-assistant.tar.gz",
                                                             timeout=600_000)
    assert set(product.rasas.status().values()) == {old_model}
    await expect(approver.locator("#active")).to_contain_text("breach-assistant.tar.gz")
    await accessible(approver)
    await screenshot(approver, "studio-models")
    assert await answers(url, UNCLEAR, "en")
    started.append("rest")
    assert (await stored_intents(product.database_url, [UNCLEAR]))[-1] == "nlu_fallback"

    # 6. The insights count what this test did; the drill-down lists the conversations behind it.
    unclear = await unclear_conversations(product.database_url)
    assert len(unclear) == 4  # the three customers of step 1 and the one after the rollback
    insights = await studio_page(browser, url, "/studio/insights", "clara")

    def tile(label: str):
        return insights.locator(".tile").filter(has=insights.locator(".label", has_text=label)).locator("button.number")

    # The front door's clock is pinned (OFFICE_HOURS) but the conversations carry the real time: the
    # period is the real days of this test, chosen as a comms editor would, once the default period's
    # numbers have shown (so they cannot overwrite the chosen period's).
    await expect(tile("Conversations")).to_be_visible()
    await insights.get_by_label("First day").fill(first_day.isoformat())
    await insights.get_by_label("Last day").fill(dt.datetime.now(dt.timezone.utc).date().isoformat())
    await insights.get_by_role("button", name="Show").click()

    await expect(tile("Conversations")).to_have_text(str(len(started)))
    await expect(tile("Unclear messages")).to_have_text("4")
    await tile("Unclear messages").click()
    await expect(insights.locator("#drill")).to_be_visible()
    await expect(insights.locator("#drill-table tbody tr")).to_have_count(4)
    listed = await insights.locator("#drill-table tbody tr").evaluate_all("rows => rows.map(r => r.dataset.conversation)")
    assert set(listed) == unclear
    await accessible(insights)
    await screenshot(insights, "studio-insights")

    for page in (customer, inbox, trainer, approver, insights):
        assert [error for error in page.errors if "401" not in error] == [], page.url  # 401: /me before the login
