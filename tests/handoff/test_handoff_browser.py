"""The console in a real browser (Debian's chromium through Playwright, headless), against a real
app process: an agent logs in, an urgent web chat message appears live with why it is urgent, the
agent claims and replies, the user receives the reply through the chat API, the agent closes the
ticket; then a mis-pressed Emergency button is closed from its queue row as a false alarm."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from handoff_servers import REPO, AppProcess, start
from handoff_staff import PASSWORD

from bot.storage.db import create_engine, session_factory, transaction
from handoff.auth import create_staff
from tests.browser_support import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, browser_missing, require_chromium

pytestmark = pytest.mark.browser
USER = "browser-user-0001"


@pytest.fixture
def server(tmp_path: Path, nlu_model_dir: Path) -> Iterator[AppProcess]:
    require_chromium()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("HELPLINE_")},
        "PYTHONPATH": str(REPO),
        "HELPLINE_DATA_DIR": str(tmp_path),  # embedded default: SQLite, in-process queue
        "HELPLINE_NLU_MODEL_DIR": str(nlu_model_dir),
        "HELPLINE_SECRET_KEY": "b" * 40,
    }
    app = start("browser-app", env, tmp_path)
    asyncio.run(add_agent(f"sqlite+aiosqlite:///{tmp_path / 'helpline.sqlite3'}"))
    yield app
    app.process.terminate()
    app.process.wait(10)


async def add_agent(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        async with transaction(session_factory(engine)) as session:
            (await create_staff(session, "ana", "agent", PASSWORD)).available = True
    finally:
        await engine.dispose()


async def test_agent_takes_an_urgent_chat_in_the_browser(server: AppProcess) -> None:
    try:
        from playwright.async_api import async_playwright, expect
    except ImportError:
        browser_missing("the playwright package is not installed")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    base = server.url
    async with async_playwright() as pw, httpx.AsyncClient(base_url=base, timeout=30) as chat:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page()
            await page.goto(f"{base}/console/login")
            await page.fill("#name", "ana")
            await page.fill("#password", PASSWORD)
            await page.click("#login")
            await page.wait_for_url(f"{base}/console")
            await expect(page.locator("#live-status")).to_have_text("live", timeout=10_000)
            await expect(page.locator("tr.ticket")).to_have_count(0)

            # The user writes that they are locked in: the ticket appears without a reload.
            sent = await chat.post(
                "/chat/messages", json={"user": USER, "text": "tolong saya dikurung majikan, paspor diambil"}
            )
            assert sent.status_code == 200
            cursor = sent.json()["cursor"]
            row = page.locator("tr.ticket.urgent")
            await expect(row).to_have_count(1, timeout=5_000)
            assert (await page.title()).startswith("(!) Urgent ticket")
            # Why it is urgent, at a glance: the detector's reasons and the first words.
            await expect(row.locator("ul.reasons li").first).to_contain_text("Confinement")
            await expect(row.locator("q.preview")).to_contain_text("tolong saya dikurung majikan")
            await page.screenshot(path=str(ARTIFACTS / "handoff-console-queue.png"), full_page=True)

            await row.locator("button.claim").click()
            await page.wait_for_url("**/console/tickets/*")
            await expect(page.locator("#transcript")).to_contain_text("dikurung majikan")

            # A message the user sends now shows up live in the open transcript.
            await chat.post("/chat/messages", json={"user": USER, "text": "saya di lantai dua"})
            await expect(page.locator("#transcript")).to_contain_text("saya di lantai dua", timeout=5_000)

            await page.fill("#reply-text", "Kami di sini. Apakah Anda terluka?")
            await page.click("#send")
            await expect(page.locator("#transcript li.staff")).to_contain_text("Apakah Anda terluka?")
            await page.screenshot(path=str(ARTIFACTS / "handoff-console-ticket.png"), full_page=True)

            received = (await chat.get("/chat/messages", params={"user": USER, "after": cursor})).json()
            staff_lines = [m for m in received["messages"] if m["from"] == "staff"]
            assert [m["text"] for m in staff_lines] == ["Kami di sini. Apakah Anda terluka?"]

            await page.select_option("#outcome", "referred_police")
            await page.click("#close")
            await page.wait_for_url(f"{base}/console")
            await expect(page.locator("tr.ticket")).to_have_count(0)
            after = (
                await chat.get("/chat/messages", params={"user": USER, "after": received["cursor"]})
            ).json()
            assert after["messages"] and after["messages"][-1]["from"] == "bot"  # told, bot resumes

            # Someone presses Emergency by mistake: one click (and a confirmation) from the queue row.
            other = "browser-user-0002"
            pressed = await chat.post("/chat/messages", json={"user": other, "button": "emergency"})
            assert pressed.status_code == 200
            mistake = page.locator("tr.ticket.urgent")
            await expect(mistake).to_have_count(1, timeout=5_000)
            await expect(mistake.locator("ul.reasons")).to_contain_text("Emergency button pressed")
            await page.screenshot(path=str(ARTIFACTS / "handoff-console-false-alarm.png"), full_page=True)
            page.once("dialog", lambda dialog: asyncio.ensure_future(dialog.accept()))
            await mistake.locator("button.false-alarm").click()
            await page.wait_for_url(f"{base}/console")
            await expect(page.locator("tr.ticket")).to_have_count(0)
            told = (
                await chat.get("/chat/messages", params={"user": other, "after": pressed.json()["cursor"]})
            ).json()
            assert told["messages"] and told["messages"][-1]["from"] == "bot"  # the bot is back for them
        finally:
            await browser.close()
