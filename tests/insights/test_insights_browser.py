"""The /insights dashboard in a real browser (Debian's chromium through Playwright, headless) against
a real app process with a year of demo data: a programme officer logs in, sees every panel drawn
from local files only, filters, switches to tables, and the page prints. Screenshots go to
tests/artifacts/ (gitignored) for a person to look at.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from bot.storage.db import create_engine, session_factory, transaction
from bot.storage.migrate import upgrade
from handoff.auth import create_staff
from insights.demo import seed_demo
from insights.periods import Unit, last_published
from insights.themes import JAKARTA
from tests.browser_support import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, browser_missing, require_chromium
from tests.handoff.handoff_servers import REPO, AppProcess, start

pytestmark = pytest.mark.browser
PASSWORD = "programme officer password"
PANELS = (
    "themes_by_period",
    "themes_compare",
    "urgent_by_period",
    "languages",
    "channels",
    "job_offer_risk",
    "agency_check",
    "handoff_times",
)


async def seed(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        async with transaction(session_factory(engine)) as session:
            await seed_demo(session, end=datetime.now(JAKARTA).date(), days=365, seed=11)
            await create_staff(session, "rina", "programme", PASSWORD)
            await create_staff(session, "ana", "agent", PASSWORD)
    finally:
        await engine.dispose()


@pytest.fixture
def server(tmp_path: Path, nlu_model_dir: Path) -> Iterator[AppProcess]:
    require_chromium()
    url = f"sqlite+aiosqlite:///{tmp_path / 'helpline.sqlite3'}"
    upgrade(url)
    asyncio.run(seed(url))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("HELPLINE_")},
        "PYTHONPATH": str(REPO),
        "HELPLINE_DATA_DIR": str(tmp_path),
        "HELPLINE_NLU_MODEL_DIR": str(nlu_model_dir),
        "HELPLINE_SECRET_KEY": "i" * 40,
    }
    app = start("insights-app", env, tmp_path)
    yield app
    app.process.terminate()
    app.process.wait(10)


async def log_in(page, base: str, name: str) -> None:
    await page.goto(f"{base}/console/login")
    await page.fill("#name", name)
    await page.fill("#password", PASSWORD)
    await page.click("#login")
    await page.wait_for_load_state("networkidle")


async def test_programme_officer_reads_and_prints_the_dashboard(server: AppProcess) -> None:
    try:
        from playwright.async_api import async_playwright, expect
    except ImportError:
        browser_missing("the playwright package is not installed")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    base = server.url
    today = datetime.now(JAKARTA).date()
    latest = last_published(Unit.WEEK, today)
    start_week = latest.shifted(-12).key
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page(viewport={"width": 1366, "height": 900})
            await log_in(page, base, "rina")
            # From here on every request and message is the dashboard's (the login page is the console's).
            outside: list[str] = []
            problems: list[str] = []
            page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
            page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
            page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            await page.goto(f"{base}/insights?from={start_week}&to={latest.key}&lang=en")
            await expect(page.locator("h1")).to_have_text("Helpline insights")
            for key in PANELS:
                await expect(page.locator(f"section#{key}")).to_be_visible()
            assert await page.locator("section svg.chart").count() == len(PANELS)
            assert await page.locator("script").count() == 0
            css = await page.evaluate("getComputedStyle(document.querySelector('.panel')).borderTopStyle")
            assert css == "solid"  # the local stylesheet loaded under the strict CSP
            await page.screenshot(path=str(ARTIFACTS / "insights-dashboard.png"), full_page=True)

            # Each chart has its plain table; suppressed cells read "<10" there too.
            await page.locator("section#themes_by_period summary").click()
            table = page.locator("section#themes_by_period table")
            await expect(table).to_be_visible()
            assert "All themes" in await table.inner_text()

            # Filter by channel: the form keeps the choice and the figures change.
            before = await page.locator(".figure .number").first.inner_text()
            await page.select_option("select[name=channel]", "telegram")
            await page.click("form.filters button")
            await page.wait_for_load_state("networkidle")
            assert "channel=telegram" in page.url
            assert await page.locator(".figure .number").first.inner_text() != before

            await page.click("text=Tables only")
            await page.wait_for_load_state("networkidle")
            assert await page.locator("svg.chart").count() == 0
            assert await page.locator("section.panel table").count() == len(PANELS)
            await page.screenshot(path=str(ARTIFACTS / "insights-tables.png"), full_page=True)

            # The pickers are week and month inputs: choose four months, never arbitrary days.
            await page.goto(f"{base}/insights?from={start_week}&to={latest.key}&lang=en")
            assert await page.locator("input[name=from]").get_attribute("type") == "week"
            await page.click("text=By month")
            await page.wait_for_load_state("networkidle")
            assert await page.locator("input[name=from]").get_attribute("type") == "month"
            month = last_published(Unit.MONTH, today)
            await page.fill("input[name=from]", month.shifted(-3).key)
            await page.fill("input[name=to]", month.key)
            await page.click("form.filters button")
            await page.wait_for_load_state("networkidle")
            assert f"from={month.shifted(-3).key}" in page.url
            await expect(page.locator("section#themes_by_period h2")).to_have_text(
                "Themes over time, per month"
            )
            await page.screenshot(path=str(ARTIFACTS / "insights-months.png"), full_page=True)

            await page.goto(f"{base}/insights?from={start_week}&to={latest.key}&lang=en")
            await page.emulate_media(media="print")
            assert await page.locator("form.filters").is_hidden()
            await page.screenshot(path=str(ARTIFACTS / "insights-print.png"), full_page=True)
            pdf = await page.pdf(format="A4")
            assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
            await page.emulate_media(media="screen")

            assert outside == [], f"the dashboard fetched something from elsewhere: {outside}"
            assert problems == [], problems

            # An agent reads transcripts, not programme statistics.
            agent = await browser.new_page()
            await log_in(agent, base, "ana")
            response = await agent.goto(f"{base}/insights")
            assert response is not None and response.status == 403
        finally:
            await browser.close()
