"""The studio's trainings and models page in real Chromium (front door on SQLite, no bot): the queue
with a running training's progress bar (role=progressbar, aria-valuenow) following the worker's
progress, the gate report of a blocked training naming the wrecked intent with its validation
messages, Activate offered to approvers for a passed model only, an editor starting a training.
axe-core: no serious or critical violations."""
from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from handoff.activation.models import ModelActivation
from handoff.db import make_engine, make_sessionmaker
from handoff.training import gate
from tests.handoff.conftest import AGENT_PASSWORD, db_rows
from tests.handoff.console.conftest import _door, create_user
from tests.handoff.training.conftest import add_job, door_models_sqlite as door  # noqa: F401 - a fixture
from tests.handoff.training.test_gate import ACTIVE, PASSED_STORIES, change
from tests.handoff.web.conftest import new_page, screenshot, serious_accessibility_violations, studio_page


async def models_page(browser, url: str, username: str) -> Page:
    page = await new_page(browser, 1366, 900, bypass_csp=True)  # bypass: axe-core is injected
    await page.goto(f"{url}/studio/models")
    await page.get_by_label("Username").fill(username)
    await page.get_by_label("Password").fill(AGENT_PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    await expect(page.get_by_role("heading", name="Trainings", exact=True)).to_be_visible()
    return page


@pytest.fixture
async def trainings(door, tmp_path):
    url = door.database_url
    model = tmp_path / "20261205T090000-0123456789abcdef.tar.gz"
    model.write_bytes(b"a trained model")
    blocked = await add_job(url, state="blocked", progress=100, stage="gate", fingerprint="f" * 64,
                            report=gate.decide(change(ACTIVE, "en", "change_password", worse=14), ACTIVE,
                                               PASSED_STORIES),
                            log_tail="gate: blocked (2 reason(s), 5 known shortfall(s))")
    passed = await add_job(url, state="passed", progress=100, stage="gate", model_path=str(model),
                           fingerprint="0123456789abcdef" * 4, report=gate.decide(change(ACTIVE, "en", "goodbye", worse=3, better=1), ACTIVE,
                                              PASSED_STORIES))
    running = await add_job(url, state="running", progress=42, stage="training_nlu",
                            log_tail="Epochs:  45%|████▌     | 36/80")
    queued = await add_job(url, state="queued", progress=0)
    return {"blocked": blocked, "passed": passed, "running": running, "queued": queued}


async def test_progress_report_and_activation_offer_for_an_approver(door, browser, trainings):
    await create_user(door, "arne", "approver")
    page = await models_page(browser, door.url, "arne")
    bar = page.get_by_role("progressbar", name=f"Progress of training {trainings['running']}")
    await expect(bar).to_have_attribute("aria-valuenow", "42")
    await expect(page.locator(f"[data-training='{trainings['queued']}']")).to_contain_text("Number 1 in the queue")
    # The worker reports progress: the page follows without a reload.
    await db_rows(door.database_url, "UPDATE training_jobs SET progress = 77 WHERE id = :id", id=trainings["running"])
    await expect(bar).to_have_attribute("aria-valuenow", "77", timeout=15_000)

    await page.get_by_role("button", name=f"Details: Training {trainings['blocked']}").click()
    report = page.locator("#report")
    await expect(report).to_contain_text("The gate blocked this model")
    await expect(report.locator(".reasons")).to_contain_text("change_password (EN): the new model recognises 20%")
    await expect(report.locator(".reasons li", has_text="change_password (EN): the new model recognises 20%").first
                 ).to_contain_text("14 got worse and 0 got better. That is more than chance explains")
    intents = report.locator("table").last.locator("tr", has_text="change_password")
    await expect(intents.filter(has=page.get_by_role("cell", name="EN", exact=True))).to_contain_text("14 / 0yes")
    await expect(report.locator("tr", has_text="broken").first).to_contain_text("change_password")
    await expect(page.get_by_role("button", name="Activate this model")).to_be_hidden()
    assert await serious_accessibility_violations(page) == []
    await screenshot(page, "studio-models-blocked")

    await page.get_by_role("button", name=f"Details: Training {trainings['passed']}").click()
    await expect(page.locator("#report")).to_contain_text("The new model passed the gate")
    # A floor missed by a message or two is listed, in words, as within chance.
    await expect(page.locator("#report .noise")).to_contain_text(
        "goodbye (EN): the new model recognises 67%")
    await expect(page.locator("#report .noise")).to_contain_text(
        "3 got worse and 1 got better. That is within what a new training changes by chance.")
    assert await serious_accessibility_violations(page) == []
    await screenshot(page, "studio-models-passed-within-chance")
    await expect(page.get_by_role("button", name="Activate this model")).to_be_visible()
    assert [error for error in page.errors if "401" not in error] == []  # (/me before the login)
    await page.context.close()


async def test_an_editor_starts_a_training_and_may_not_activate(door, browser, trainings):
    await create_user(door, "clara", "comms_editor")
    page = await models_page(browser, door.url, "clara")
    await page.get_by_label("What changed (optional)").fill("new password examples")
    await page.get_by_role("button", name="Start a training").click()
    await expect(page.locator("#notice")).to_have_text(f"Training {trainings['queued'] + 1} is in the queue.")
    await expect(page.locator(f"[data-training='{trainings['queued'] + 1}']")).to_contain_text("Number 2 in the queue")
    await page.get_by_role("button", name=f"Details: Training {trainings['passed']}").click()
    await expect(page.locator("#report")).to_contain_text("The new model passed the gate")
    await expect(page.get_by_role("button", name="Activate this model")).to_be_hidden()
    assert await serious_accessibility_violations(page) == []
    assert [error for error in page.errors if "401" not in error] == []  # (/me before the login)
    await page.context.close()


@pytest.fixture
async def door_after_activation(sqlite_url, redactor, tmp_path):
    """The front door without a bot (one Rasa URL) whose models folder holds the kept copy of the
    model in use before the last activation: there is a previous model to go back to."""
    running = await _door(sqlite_url, redactor, models_dir=tmp_path, rasa_model=None)
    engine = make_engine(sqlite_url)
    async with make_sessionmaker(engine)() as session:
        session.add_all([ModelActivation(action="started", actor="system", path="breach-assistant.tar.gz",
                                         fingerprint="a" * 64, outcome="active"),
                         ModelActivation(action="activate", actor="arne", path="trained/new.tar.gz",
                                         fingerprint="b" * 64, outcome="active")])
        await session.commit()
    await engine.dispose()
    (tmp_path / "activated").mkdir()
    (tmp_path / "activated" / f"{'a' * 16}.tar.gz").write_bytes(b"the kept model")
    yield running
    await running.server.runner.cleanup()


async def test_going_back_asks_first_shows_how_it_ended_and_is_for_approvers_only(door_after_activation, browser):
    door = door_after_activation
    await create_user(door, "clara", "comms_editor")
    await create_user(door, "arne", "approver")
    editor = await studio_page(browser, door.url, "/studio/models", "clara")
    await expect(editor.locator("#active")).to_contain_text("trained/new.tar.gz")
    await expect(editor.get_by_role("button", name="Go back to the previous model")).to_be_hidden()
    await expect(editor.locator("#previous")).to_be_hidden()

    page = await studio_page(browser, door.url, "/studio/models", "arne")
    await expect(page.locator("#previous")).to_contain_text("Previous model: breach-assistant.tar.gz")
    button = page.get_by_role("button", name="Go back to the previous model")
    await button.click()
    dialog = page.get_by_role("dialog", name="Go back to the previous model")
    await expect(dialog).to_contain_text("Go back to breach-assistant.tar.gz?")
    await expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()  # the safe choice first
    assert await serious_accessibility_violations(page) == []
    await page.keyboard.press("Escape")
    await expect(dialog).to_be_hidden()
    await expect(button).to_be_focused()
    assert await db_rows(door.database_url, "SELECT id FROM model_activations WHERE action = 'rollback'") == []

    # With one Rasa process going back is refused by the activation, and the page says why.
    await button.click()
    await dialog.get_by_role("button", name="Go back", exact=True).click()
    await expect(page.locator("#notice")).to_have_text(
        "Going back did not work (activation without downtime needs at least two Rasa processes). "
        "The model in use keeps answering.")
    await expect(page.locator("#active")).to_contain_text("trained/new.tar.gz")
    await expect(button).to_be_enabled()
    assert await serious_accessibility_violations(page) == []
    # Without the kept copy the activation stops before it records anything: the page says so too.
    (door.server.settings.models_dir / "activated" / f"{'a' * 16}.tar.gz").unlink()
    await page.locator("#notice").evaluate("node => { node.textContent = ''; }")
    await button.click()
    await dialog.get_by_role("button", name="Go back", exact=True).click()
    await expect(page.locator("#notice")).to_have_text("Going back did not work (unknown). The model in use keeps answering.")
    assert [error for error in page.errors + editor.errors if "401" not in error] == []  # (/me before the login)
