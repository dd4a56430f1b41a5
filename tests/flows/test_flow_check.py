"""`helpline flows check` on the real flows, and on broken ones to prove it finds each kind of mistake."""

from __future__ import annotations

import io
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows import DEFAULT_RETENTION_DAYS
from flows.check import content_problems, structural_problems
from flows.cli import content_app, flows_app
from flows.countries import default_countries, review_entries
from flows.diagram import render_mermaid
from flows.extract import extract_flow_yaml
from flows.model import DEFINITIONS_DIR, load_contacts, load_flows
from flows.render import Renderer
from flows.review import review_items

CONTACTS = load_contacts()
RENDERER = Renderer(CONTACTS, {"retention_days": DEFAULT_RETENTION_DAYS})


def test_flows_check_passes() -> None:
    result = CliRunner().invoke(flows_app, ["check"])
    assert result.exit_code == 0, result.output
    assert "24 flows" in result.output and "no problem(s)" in result.output


@pytest.fixture
def flow_dir(tmp_path: Path) -> Path:
    target = tmp_path / "definitions"
    shutil.copytree(DEFINITIONS_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("fees.yaml", "to: asked_to_pay", "to: asked_to_pai", "link to 'asked_to_pai' goes nowhere"),
        (
            "job_offer.yaml",
            "action: job_offer_score",
            "action: job_offer_guess",
            "unknown action 'job_offer_guess'",
        ),
        ("job_offer.yaml", "results: {low: risk_low, ", "results: {", "can return ['low']"),
        (
            "visa.yaml",
            "(UU 18/2017 art. 13)",
            "{embassy_riyadh}",
            "unknown placeholder(s) ['embassy_riyadh']",
        ),
        (
            "menu.yaml",
            "to: human_agent}\n      - {id: settings",
            "to: human_agentx}\n      - {id: settings",
            "'human_agentx' goes nowhere",
        ),
    ],
)
def test_structural_mistakes_are_found(flow_dir: Path, file: str, old: str, new: str, expected: str) -> None:
    edit(flow_dir / file, old, new)
    problems = structural_problems(load_flows(flow_dir), CONTACTS)
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "visa.yaml",
            "Licensed placement companies use work visas.",
            "Licensed companies use work visas.",
            "missing id translation",
        ),
        (
            "fees.yaml",
            'title: "I was asked to pay"',
            'title: "I was asked to pay a fee today"',
            "characters (max 20)",
        ),
        ("contract.yaml", "tell us.", "call 0812-3456-7890.", "raw phone number"),
        (
            "contract.yaml",
            '    sources: ["UU 18/2017 art. 15", "UU 18/2017 art. 13 (work agreement is a required '
            'document)"]\n',
            "",
            "an answer needs `sources`",
        ),
    ],
)
def test_content_mistakes_are_found(flow_dir: Path, file: str, old: str, new: str, expected: str) -> None:
    edit(flow_dir / file, old, new)
    problems = content_problems(load_flows(flow_dir), RENDERER)
    assert any(expected in p for p in problems), problems


def test_an_overlong_message_is_found(flow_dir: Path) -> None:
    edit(flow_dir / "goodbye.yaml", "Take care!", "Take care! " + "Really. " * 520)
    problems = content_problems(load_flows(flow_dir), RENDERER)
    assert any("(max 4096)" in p for p in problems), problems


def test_a_stale_diagram_is_found(flow_dir: Path) -> None:
    (flow_dir / "fees.mmd").write_text("flowchart TD\n", encoding="utf-8")
    problems = content_problems(load_flows(flow_dir), RENDERER)
    assert any("fees.mmd: diagram missing or out of date" in p for p in problems)


def test_every_flow_has_a_current_diagram_naming_each_step() -> None:
    flows = load_flows()
    for flow in flows.values():
        diagram = flow.path.with_suffix(".mmd").read_text(encoding="utf-8")
        assert diagram == render_mermaid(flow, flows)
        assert diagram.splitlines()[1] == "flowchart TD"
        for step in flow.steps:
            assert step in diagram, (flow.name, step)


def test_extractor_yields_exactly_the_texts_the_runtime_uses() -> None:
    for flow in load_flows().values():
        with flow.path.open("rb") as fh:
            extracted = list(extract_flow_yaml(fh, [], [], {}))
        assert {m for _, _, m, _ in extracted} == set(flow.all_texts()), flow.name
        assert all(
            line > 0 and comments[0].startswith(f"flow {flow.name}:") for line, _, _, comments in extracted
        )


def test_extractor_handles_an_empty_file() -> None:
    assert list(extract_flow_yaml(io.BytesIO(b""), [], [], {})) == []


def test_content_review_lists_every_number_and_every_uncertain_fact() -> None:
    result = CliRunner().invoke(content_app, ["review", "--format", "json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    wheres = {i["where"] for i in items}
    for key in CONTACTS:
        assert f"flows/content/contacts.yaml:{key}" in wheres
    flows = load_flows()
    for flow in flows.values():
        for step in flow.steps.values():
            if step.verify:
                assert any(w.endswith(f" {step.key}") for w in wheres), step.key
    emergency = next(i for i in items if i["where"].endswith("emergency.card"))
    assert any("country help card" in w for w in emergency["why"]) and emergency["sources"]
    # Every country number, with its source and confidence; candidates and retired numbers say so.
    countries = {i["where"]: i for i in items if i["where"].startswith("flows/content/countries.yaml:")}
    for where, _, number, _ in review_entries(default_countries()):
        item = countries[f"flows/content/countries.yaml:{where}"]
        assert number.value in item["summary"] and item["sources"], where
        assert f"confidence {number.confidence}" in item["why"], where
    kl = countries["flows/content/countries.yaml:MY.missions.kuala_lumpur.hotline"]
    assert "+60 17-668 8032" in kl["summary"] and any("candidate" in w for w in kl["why"])
    old_hk = countries["flows/content/countries.yaml:HK.missions.hong_kong.previous[0]"]
    assert "+852 6773 0466" in old_hk["summary"] and any("not shown" in w for w in old_hk["why"])


def test_old_reviews_are_flagged_as_stale() -> None:
    items = review_items(load_flows(), CONTACTS, today=date(2028, 1, 1), stale_days=180)
    stale = [i for i in items if any("not reviewed in 180 days" in w for w in i["why"])]
    assert any(i["where"].endswith("fees.rules") for i in stale)


def test_every_answer_has_sources_and_a_review_date() -> None:
    for flow in load_flows().values():
        for step in flow.steps.values():
            if step.say and not step.nav:
                assert step.sources and date.fromisoformat(step.reviewed), step.key


def test_every_phone_number_is_flagged_for_verification() -> None:
    assert all(c.verify for c in CONTACTS.values())
    assert CONTACTS["kp2mi_crisis"].value == "0800-1000" and CONTACTS["kemlu"].value == "+62 812 9007 0027"
