"""`helpline flows check`: everything that can be wrong with the flow files, found before a user does.

Structural problems (broken links, unknown actions, unhandled action results, unknown placeholders)
stop start-up. Content problems (missing sources, a raw phone number, a missing or fuzzy translation,
a message over a Telegram/WhatsApp limit, a stale diagram) fail the check and the tests.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from datetime import date

from babel.messages.pofile import read_po

from flows.actions import ACTION_RESULTS, INPUT_CHECKS
from flows.countries import Countries, country_problems, default_countries
from flows.diagram import diagram_path, render_mermaid
from flows.model import RESUME_TARGET, Contact, Flow, Step, resolve_target
from flows.render import MAX_REPLY_TITLE, Renderer, button_id, limit_problems
from flows.routing import INTENT_FLOWS, NO_CONSENT_NEEDED
from locales import SUPPORTED_LANGUAGES, catalog_paths
from nlu.types import INTENTS

# Steps the interpreter enters by itself (commands, misunderstandings, action-made buttons).
RUNTIME_ENTRIES = frozenset(
    {
        "welcome.hello",
        "language.changed",
        "clarify.once",
        "clarify.twice",
        "agency_check.lookup",
        "agency_check.pick",
    }
)
REQUIRED_FLOWS = frozenset(
    {"welcome", "menu", "language", "delete_data", "clarify", "danger_check", "emergency"}
)
BASE_PARAMS = frozenset({"retention_days"})
MAX_BUTTON_ID = 64  # Telegram callback_data is 1-64 bytes; the web chat API takes 64 characters
PHONE_LIKE = re.compile(r"\+?\d[\d -]{5,}\d")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _targets(step: Step) -> list[str]:
    found = [c.to for c in step.buttons if c.to]
    found += [t for t in (step.input_to, step.then, step.next) if t]
    return found + list(step.results.values())


def structural_problems(flows: dict[str, Flow], contacts: dict[str, Contact]) -> list[str]:
    problems = [
        f"missing flow: {name}"
        for name in sorted(REQUIRED_FLOWS | set(INTENT_FLOWS.values()))
        if name not in flows
    ]
    problems += [
        f"{name}: flow is needed before consent but missing"
        for name in NO_CONSENT_NEEDED
        if name not in flows
    ]
    reached = {f"{f.name}.{f.start}" for f in flows.values()} | RUNTIME_ENTRIES
    for flow in flows.values():
        if flow.start not in flow.steps:
            problems.append(f"{flow.name}: start step {flow.start!r} does not exist")
        if flow.theme is not None and flow.theme not in INTENTS:
            problems.append(f"{flow.name}: theme {flow.theme!r} is not an intent")
        for step in flow.steps.values():
            where = f"{flow.path.name}:{step.line} {step.key}"
            problems += [f"{where}: {p}" for p in _step_problems(flows, flow, step, contacts)]
            for target in _targets(step):
                ref = resolve_target(flows, target, flow.name) if target != RESUME_TARGET else None
                if ref is None and target != RESUME_TARGET:
                    problems.append(f"{where}: link to {target!r} goes nowhere")
                elif ref is not None:
                    reached.add(f"{ref[0]}.{ref[1]}")
                    if ref[0] != flow.name and target in flow.steps:
                        problems.append(
                            f"{where}: {target!r} is both a step here and a flow; rename the step"
                        )
    for flow in flows.values():
        problems += [
            f"{s.key}: no link leads to this step" for s in flow.steps.values() if s.key not in reached
        ]
    return problems


def _step_problems(
    flows: dict[str, Flow], flow: Flow, step: Step, contacts: dict[str, Contact]
) -> Iterable[str]:
    if step.action:
        if step.action not in ACTION_RESULTS:
            yield f"unknown action {step.action!r}"
        else:
            missing = [r for r in ACTION_RESULTS[step.action] if r not in step.results]
            if missing:
                yield f"action {step.action} can return {missing} but `results` does not say where to go"
    elif step.results:
        yield "`results` without an action"
    if not (step.say or step.ask or step.action or step.then or step.effects != type(step.effects)()):
        yield "step does nothing"
    if step.ask and not step.next:
        yield "a question needs `next`"
    if step.collect and step.collect.on not in ("yes", "no"):
        yield "collect.on must be yes or no"
    if step.input_slot and not step.input_to:
        yield "input needs `to`"
    if step.input_accept is not None and step.input_accept not in INPUT_CHECKS:
        yield f"input.accept {step.input_accept!r} is not one of {sorted(INPUT_CHECKS)}"
    if step.effects.language not in (None, "id", "en", "toggle"):
        yield f"effects.language {step.effects.language!r} is not id, en or toggle"
    if step.effects.handoff and not step.effects.handoff[1]:
        yield "a handoff needs a reason"
    longest = max((len(button_id(step, c)) for c in [*(c.id for c in step.buttons), "yes", "no"]), default=0)
    if longest > MAX_BUTTON_ID:
        yield f"a button id is {longest} characters; Telegram and the web chat take {MAX_BUTTON_ID}"
    ids = [c.id for c in step.buttons]
    if len(set(zip(ids, [c.language for c in step.buttons], strict=True))) != len(ids):
        yield "duplicate button ids"
    allowed = set(contacts) | BASE_PARAMS | set(step.params) | set(step.numbers)
    for text in step.texts():
        unknown = placeholders(text) - allowed
        if unknown:
            yield f"unknown placeholder(s) {sorted(unknown)} in {text[:40]!r}"


def _po_messages(lang: str) -> dict[str, tuple[str, bool]]:
    po_path, _ = catalog_paths(lang)
    if not po_path.exists():
        return {}
    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    return {
        m.id: (m.string if isinstance(m.string, str) else "", m.fuzzy)
        for m in catalog
        if isinstance(m.id, str) and m.id
    }


def translation_problems(
    msgids: Iterable[str], where: str = "", loaded: dict[str, dict[str, tuple[str, bool]]] | None = None
) -> list[str]:
    problems = []
    for lang in SUPPORTED_LANGUAGES:
        messages = loaded[lang] if loaded else _po_messages(lang)
        for msgid in sorted(set(msgids)):
            string_, fuzzy = messages.get(msgid, ("", False))
            short = msgid[:50].replace("\n", " ")
            if not string_:
                problems.append(f"{where}missing {lang} translation: {short!r}")
            elif fuzzy:
                problems.append(f"{where}fuzzy {lang} translation: {short!r}")
            elif placeholders(string_) != placeholders(msgid):
                problems.append(f"{where}{lang} translation changes the placeholders: {short!r}")
            elif PHONE_LIKE.search(string_):
                problems.append(f"{where}{lang} translation has a raw phone number: {short!r}")
    return problems


def _worst_case_params(flow: Flow, step: Step, renderer: Renderer, lang: str) -> dict[str, str]:
    """The longest values an action can put into this step's placeholders."""
    collected = "\n".join(
        f"• {renderer.text(lang, s.collect.text)}" for s in flow.steps.values() if s.collect
    )
    notes = "\n\n".join(renderer.text(lang, v) for k, v in flow.texts.items() if k.startswith("note_"))
    longest_text = max((renderer.text(lang, v) for v in flow.texts.values()), key=len, default="")
    values = {"flags": collected, "missing": collected, "notes": notes, "count": "12"}
    if "card" in step.params:  # the longest help card any country, city or variant makes
        from flows.help_card import longest

        values["card"] = longest(lang)
    return {
        p: values.get(p, longest_text if p in ("how_to_verify", "demo_note") else "X" * 200)
        for p in step.params
    }


def content_problems(flows: dict[str, Flow], renderer: Renderer, *, today: date | None = None) -> list[str]:
    problems = []
    loaded = {lang: _po_messages(lang) for lang in SUPPORTED_LANGUAGES}
    for flow in flows.values():
        problems += translation_problems(flow.all_texts(), where=f"{flow.path.name}: ", loaded=loaded)
        if flow.title and len(flow.title) > MAX_REPLY_TITLE:
            problems.append(f"{flow.name}: title longer than {MAX_REPLY_TITLE} characters")
        for lang in SUPPORTED_LANGUAGES:
            if flow.title and len(renderer.text(lang, flow.title)) > MAX_REPLY_TITLE:
                problems.append(f"{flow.name}: {lang} title longer than {MAX_REPLY_TITLE} characters")
        for step in flow.steps.values():
            problems += [
                f"{flow.path.name}:{step.line} {step.key}: {p}" for p in _content(flow, step, renderer)
            ]
        path = diagram_path(flow)
        if not path.exists() or path.read_text(encoding="utf-8") != render_mermaid(flow, flows):
            problems.append(f"{path.name}: diagram missing or out of date (run `helpline flows diagrams`)")
    return problems


def _content(flow: Flow, step: Step, renderer: Renderer) -> Iterable[str]:
    if step.say and not step.nav and not step.sources:
        yield "an answer needs `sources` (or `nav: true` for navigation and prompts)"
    if step.say and not step.nav and not step.reviewed:
        yield "an answer needs a `reviewed` date"
    for text in step.texts():
        if PHONE_LIKE.search(text):
            yield f"raw phone number in {text[:40]!r}: put it in flows/content/contacts.yaml"
    if not (step.say or step.ask):
        return
    for lang in SUPPORTED_LANGUAGES:
        params = _worst_case_params(flow, step, renderer, lang)
        ends = not step.waits and not step.then
        message = renderer.message(step, lang, params, ends_flow=ends)
        yield from (f"{lang}: {p}" for p in limit_problems(message))


def all_problems(
    flows: dict[str, Flow],
    contacts: dict[str, Contact],
    renderer: Renderer,
    countries: Countries | None = None,
) -> list[str]:
    countries = default_countries() if countries is None else countries
    return structural_problems(flows, contacts) + country_problems(countries) + content_problems(flows, renderer)
