"""The /insights routes: who may see them, what the page holds, the downloads."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from bot.storage.db import transaction
from insights.dashboard import jakarta_today
from insights.demo import seed_demo
from insights.periods import Period, Unit, last_published
from tests.handoff.handoff_staff import add_staff, log_in


@pytest.fixture
async def demo(app):
    async with transaction(app.state.services.sessions) as s:
        await seed_demo(s, end=jakarta_today(), days=100, seed=5, per_day=30)


async def test_anonymous_visitors_are_sent_to_the_login(client) -> None:
    assert (await client.get("/insights")).status_code == 401
    page = await client.get("/insights", headers={"accept": "text/html"})
    assert page.status_code == 303 and page.headers["location"].startswith("/console/login?next=")
    assert (await client.get("/insights/export")).status_code == 401


async def test_agents_may_not_see_programme_figures(app, client) -> None:
    await add_staff(app, "agent-1", "agent")
    await log_in(client, "agent-1")
    assert (await client.get("/insights")).status_code == 403
    assert (await client.get("/insights/export?format=csv")).status_code == 403


@pytest.mark.parametrize("role", ["programme", "supervisor", "admin"])
async def test_programme_supervisor_and_admin_see_the_dashboard(app, client, demo, role) -> None:
    await add_staff(app, f"{role}-1", role)
    await log_in(client, f"{role}-1")
    page = await client.get("/insights?lang=en")
    assert page.status_code == 200
    assert "default-src 'none'" in page.headers["content-security-policy"]
    html = page.text
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert html.count('<svg class="chart ') == 8
    assert "&lt;10" in html  # small counts show as "<10"
    assert "Themes over time, per week" in html


async def test_a_bad_period_is_refused_explained_and_the_default_shown(app, client) -> None:
    await add_staff(app, "prog-2", "programme")
    await log_in(client, "prog-2")
    page = await client.get("/insights?from=2026-11-01&to=2026-11-29&lang=en")
    assert page.status_code == 400
    assert "These filters cannot be used" in page.text and "arbitrary dates are not published" in page.text
    backwards = await client.get("/insights?from=2026-05&to=2026-04&lang=en")
    assert backwards.status_code == 400 and "the last period is before the first one" in backwards.text
    current = Period.containing(jakarta_today(), Unit.WEEK).key
    running = await client.get(f"/insights?from={current}&lang=en")
    assert running.status_code == 400 and "is not published yet" in running.text


async def test_the_period_pickers_are_week_and_month_inputs(app, client, demo) -> None:
    await add_staff(app, "prog-5", "programme")
    await log_in(client, "prog-5")
    weeks = (await client.get("/insights?lang=en")).text
    latest = last_published(Unit.WEEK, jakarta_today()).key
    assert f'<input type="week" name="to" value="{latest}" max="{latest}" required>' in weeks
    assert 'type="date"' not in weeks
    months = await client.get("/insights?unit=month&lang=en")
    assert months.status_code == 200 and '<input type="month" name="from"' in months.text
    assert "Themes over time, per month" in months.text


async def test_downloads(app, client, demo) -> None:
    await add_staff(app, "prog-3", "programme")
    await log_in(client, "prog-3")
    end = last_published(Unit.WEEK, jakarta_today())
    start = end.shifted(-3).key
    response = await client.get(f"/insights/export?format=csv&from={start}&to={end.key}&language=id")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert f'filename="helpline-insights_{start}_{end.key}.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows and {r["language_filter"] for r in rows} == {"id"}
    as_json = await client.get(f"/insights/export?format=json&from={start}&to={end.key}")
    assert as_json.json()["meta"]["from"] == start
    months = await client.get("/insights/export?format=json&unit=month")
    assert months.status_code == 200 and months.json()["meta"]["unit"] == "month"
    assert (await client.get("/insights/export?format=xlsx")).status_code == 422
    assert (await client.get("/insights/export?from=yesterday")).status_code == 422
    arbitrary = await client.get(
        f"/insights/export?from={jakarta_today() - timedelta(days=9)}&to={jakarta_today()}"
    )
    assert arbitrary.status_code == 422, arbitrary.text
    assert "arbitrary dates" in arbitrary.text


async def test_an_export_whose_filter_matches_nothing_is_not_an_error(app, client, demo) -> None:
    await add_staff(app, "prog-6", "programme")
    await log_in(client, "prog-6")
    for query in ("channel=sms", "language=xx", "channel=webchat&language=xx"):
        as_csv = await client.get(f"/insights/export?format=csv&{query}")
        assert as_csv.status_code == 200, query
        rows = list(csv.DictReader(io.StringIO(as_csv.text)))
        assert rows and all(r["value"] in ("<10", "") for r in rows)
        as_json = await client.get(f"/insights/export?format=json&{query}")
        assert as_json.status_code == 200 and as_json.json()["rows"]
        assert (await client.get(f"/insights?{query}")).status_code == 200


async def test_static_files_are_local_and_listed(app, client) -> None:
    await add_staff(app, "prog-4", "programme")
    await log_in(client, "prog-4")
    css = await client.get("/insights/static/insights.css")
    assert css.status_code == 200 and "@media print" in css.text
    assert (await client.get("/insights/static/../dashboard.py")).status_code == 404
    assert (await client.get("/insights/static/secrets.txt")).status_code == 404


def test_every_template_string_is_marked_for_translation() -> None:
    import re
    from pathlib import Path

    from insights.dashboard import PAGE_TEXT

    template = (Path(__file__).resolve().parents[2] / "insights" / "templates" / "dashboard.html").read_text()
    used = set(re.findall(r't\("([^"]*)"', template)) | set(re.findall(r"t\('([^']*)'", template))
    assert used and used <= set(PAGE_TEXT)
