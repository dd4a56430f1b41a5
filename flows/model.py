"""The shape of a flow file, parsed from YAML into frozen dataclasses.

A flow is a set of named steps. A step says something (``say``), asks a yes/no question (``ask``),
waits for free text (``input``) or calls an action (``action``) whose result picks the next step.
Targets (``to``, ``then``, ``next``, ``results``) are ``step``, ``flow`` or ``flow.step``. All text is
the English msgid; translations live in ``locales/``. See flows/README.md for the full format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEFINITIONS_DIR = Path(__file__).parent / "definitions"
# libyaml when available: the pure-Python parser makes start-up and `flows check` several times slower.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YES_NO = ("yes", "no")


class FlowFileError(ValueError):
    """A flow file that cannot be parsed at all (syntax or shape)."""


@dataclass(frozen=True, slots=True)
class Choice:
    id: str  # local to the step; the button id sent is "<flow>.<step>.<id>"
    title: str
    to: str | None = None
    set: dict[str, str] = field(default_factory=dict)  # slot values remembered when chosen
    language: str | None = None  # only offered while the user reads this language


@dataclass(frozen=True, slots=True)
class Collect:
    """A yes/no answer worth remembering: a warning sign (job offer) or a missing document."""

    on: str  # the answer that counts: "yes" or "no"
    text: str  # explanation shown in the summary
    weight: int = 1


@dataclass(frozen=True, slots=True)
class Effects:
    handoff: tuple[bool, str] | None = None  # (urgent, reason)
    erase: bool = False
    consent: bool = False
    language: str | None = None  # "id", "en" or "toggle"
    outcome: str | None = None


@dataclass(frozen=True, slots=True)
class Step:
    flow: str
    name: str
    line: int
    say: str | None = None
    ask: str | None = None
    buttons: tuple[Choice, ...] = ()
    input_slot: str | None = None
    input_to: str | None = None
    input_accept: str | None = None  # only text this check accepts is the answer (flows.actions.INPUT_CHECKS)
    action: str | None = None
    results: dict[str, str] = field(default_factory=dict)
    then: str | None = None
    next: str | None = None
    collect: Collect | None = None
    effects: Effects = Effects()
    sources: tuple[str, ...] = ()
    verify: bool = False
    reviewed: str = ""
    nav: bool = False  # navigation or prompt only: no facts, so no sources needed
    params: tuple[str, ...] = ()  # placeholders an action fills in
    numbers: dict[str, float] = field(default_factory=dict)  # placeholders shown as locale-formatted numbers
    footer: bool = True  # end-of-flow answers get "menu / person / emergency" buttons
    theme: str | None = None

    @property
    def key(self) -> str:
        return f"{self.flow}.{self.name}"

    @property
    def waits(self) -> bool:
        return bool(self.buttons or self.ask or self.input_slot)

    def texts(self) -> list[str]:
        """Every user-facing msgid of this step."""
        found = [t for t in (self.say, self.ask) if t]
        found += [c.title for c in self.buttons]
        if self.collect:
            found.append(self.collect.text)
        return found


@dataclass(frozen=True, slots=True)
class Flow:
    name: str
    path: Path
    theme: str | None
    start: str
    reviewed: str
    steps: dict[str, Step]
    texts: dict[str, str] = field(default_factory=dict)  # extra msgids used by actions, by key
    title: str | None = None  # button title when the bot suggests this flow
    description: str = ""

    def all_texts(self) -> list[str]:
        found = [self.title] if self.title else []
        found += [t for s in self.steps.values() for t in s.texts()]
        return found + list(self.texts.values())


RESUME_TARGET = "@resume"  # the question asked before consent or the danger check, else the menu


def resolve_target(flows: dict[str, Flow], target: str, here_flow: str | None) -> tuple[str, str] | None:
    """``flow`` / ``flow.step`` / ``step`` (in ``here_flow``) -> (flow, step); flows win over step names."""
    flow_name, _, step_name = target.partition(".")
    if flow_name not in flows:
        if here_flow is None or here_flow not in flows:
            return None
        flow_name, step_name = here_flow, target
    flow = flows[flow_name]
    step_name = step_name or flow.start
    return (flow_name, step_name) if step_name in flow.steps else None


def _str_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _choice(raw: Any, where: str) -> Choice:
    if not isinstance(raw, dict) or "id" not in raw or "title" not in raw:
        raise FlowFileError(f"{where}: a button needs an id and a title")
    return Choice(
        id=str(raw["id"]),
        title=str(raw["title"]),
        to=raw.get("to"),
        set={str(k): str(v) for k, v in (raw.get("set") or {}).items()},
        language=raw.get("language"),
    )


def _effects(raw: Any) -> Effects:
    raw = raw or {}
    handoff = raw.get("handoff")
    return Effects(
        handoff=(bool(handoff.get("urgent")), str(handoff.get("reason", ""))) if handoff else None,
        erase=bool(raw.get("erase", False)),
        consent=bool(raw.get("consent", False)),
        language=raw.get("language"),
        outcome=raw.get("outcome"),
    )


def _step(flow: str, name: str, raw: dict[str, Any], line: int, reviewed: str) -> Step:
    where = f"{flow}.{name}"
    if not isinstance(raw, dict):
        raise FlowFileError(f"{where}: a step must be a mapping")
    known = {
        "say",
        "ask",
        "buttons",
        "input",
        "action",
        "results",
        "then",
        "next",
        "collect",
        "effects",
        "sources",
        "verify",
        "reviewed",
        "nav",
        "params",
        "footer",
        "theme",
        "numbers",
    }
    unknown = set(raw) - known
    if unknown:
        raise FlowFileError(f"{where}: unknown keys {sorted(unknown)}")
    collect = raw.get("collect")
    user_input = raw.get("input") or {}
    return Step(
        flow=flow,
        name=name,
        line=line,
        say=raw.get("say"),
        ask=raw.get("ask"),
        buttons=tuple(_choice(b, where) for b in raw.get("buttons") or ()),
        input_slot=user_input.get("slot"),
        input_to=user_input.get("to"),
        input_accept=user_input.get("accept"),
        action=raw.get("action"),
        results={str(k): str(v) for k, v in (raw.get("results") or {}).items()},
        then=raw.get("then"),
        next=raw.get("next"),
        collect=Collect(
            on=str(collect["when"]), text=str(collect["text"]), weight=int(collect.get("weight", 1))
        )
        if collect
        else None,
        effects=_effects(raw.get("effects")),
        sources=_str_tuple(raw.get("sources")),
        verify=bool(raw.get("verify", False)),
        reviewed=str(raw.get("reviewed", reviewed)),
        nav=bool(raw.get("nav", False)),
        params=_str_tuple(raw.get("params")),
        numbers={str(k): float(v) for k, v in (raw.get("numbers") or {}).items()},
        footer=bool(raw.get("footer", True)),
        theme=raw.get("theme"),
    )


def _step_lines(text: str) -> dict[str, int]:
    """Line number of each step key, for error messages and translator comments."""
    node = yaml.compose(text, Loader=YAML_LOADER)
    lines: dict[str, int] = {}
    if node is None or not hasattr(node, "value"):
        return lines
    for key, value in node.value:
        if key.value == "steps" and hasattr(value, "value"):
            for step_key, _ in value.value:
                lines[step_key.value] = step_key.start_mark.line + 1
    return lines


def parse_flow(path: Path) -> Flow:
    text = path.read_text(encoding="utf-8")
    try:
        raw = yaml.load(text, Loader=YAML_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as err:
        raise FlowFileError(f"{path.name}: {err}") from err
    if not isinstance(raw, dict) or "steps" not in raw:
        raise FlowFileError(f"{path.name}: a flow needs `steps`")
    name = str(raw.get("flow", path.stem))
    if name != path.stem:
        raise FlowFileError(f"{path.name}: `flow: {name}` must match the file name")
    reviewed = str(raw.get("reviewed", ""))
    lines = _step_lines(text)
    steps = {
        str(step_name): _step(name, str(step_name), body, lines.get(str(step_name), 0), reviewed)
        for step_name, body in raw["steps"].items()
    }
    start = str(raw.get("start", next(iter(steps))))
    return Flow(
        name=name,
        path=path,
        theme=raw.get("theme"),
        start=start,
        reviewed=reviewed,
        steps=steps,
        texts={str(k): str(v) for k, v in (raw.get("texts") or {}).items()},
        title=raw.get("title"),
        description=str(raw.get("description", "")),
    )


def load_flows(directory: Path = DEFINITIONS_DIR) -> dict[str, Flow]:
    return {p.stem: parse_flow(p) for p in sorted(directory.glob("*.yaml"))}


@dataclass(frozen=True, slots=True)
class Contact:
    """A help line. Every number is shown to staff as "verify before launch"."""

    key: str
    value: str
    label: str
    source: str
    confidence: str
    verify: bool = True


CONTACTS_FILE = DEFINITIONS_DIR.parent / "content" / "contacts.yaml"


def load_contacts(path: Path = CONTACTS_FILE) -> dict[str, Contact]:
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER) or {}  # noqa: S506 - safe
    return {
        key: Contact(
            key=key,
            value=str(body["value"]),
            label=str(body.get("label", key)),
            source=str(body.get("source", "")),
            confidence=str(body.get("confidence", "")),
            verify=bool(body.get("verify", True)),
        )
        for key, body in raw.items()
    }
