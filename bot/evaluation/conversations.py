"""The multi-turn safety scenarios (nlu/tests/triage_conversations.yml) through the whole engine.

Each scenario is one person; each turn is something they type, tap or send as a command, time passing,
or a staff action; after a person's turn its ``expect`` is checked against what really happened: the
open ticket, whether the bot answered, what the answer said.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.engine import EngineResult
from bot.evaluation.harness import Helpline, Person

SCENARIOS = Path(__file__).resolve().parents[2] / "nlu" / "tests" / "triage_conversations.yml"


class ScenarioError(ValueError):
    """The scenario file is malformed (a turn of an unknown kind, a staff action nobody can do)."""


@dataclass
class TurnCheck:
    scenario: str
    index: int
    said: str
    failures: list[str] = field(default_factory=list)
    reply: str = ""


@dataclass
class ScenarioResult:
    name: str
    checks: list[TurnCheck] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(not c.failures for c in self.checks)


def load_scenarios(path: Path = SCENARIOS) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data["scenarios"])


def _reply_text(result: EngineResult) -> str:
    parts = []
    for reply in result.replies:
        parts.append(reply.text)
        parts.extend(b.title for b in reply.buttons)
    return "\n".join(parts)


async def _staff(person: Person, action: str) -> None:
    verb, _, rest = action.partition(" ")
    if verb == "claim":
        await person.staff_claims()
    elif verb == "say:" or action.startswith("say:"):
        await person.staff_says(action.partition(":")[2].strip())
    elif verb == "close":
        await person.staff_finishes(rest.strip() or "advice_given")
    elif verb == "return":
        if await person.open_ticket() is not None:  # after "close" the chat is already back with the bot
            await person.staff_finishes(None)
    else:
        raise ScenarioError(f"unknown staff action {action!r}")


async def _check(person: Person, result: EngineResult, expect: dict[str, Any], check: TurnCheck) -> None:
    text = _reply_text(result)
    check.reply = text
    low = text.lower()
    ticket = await person.open_ticket()
    if "ticket" in expect:
        got = ticket.kind if ticket is not None else "none"
        if got != expect["ticket"]:
            check.failures.append(f"ticket {got}, expected {expect['ticket']}")
    if "reply" in expect and bool(result.replies) != bool(expect["reply"]):
        check.failures.append("bot answered" if result.replies else "bot was silent")
    says_any = [str(s) for s in expect.get("says_any", [])]
    if says_any and not any(s.lower() in low for s in says_any):
        check.failures.append(f"reply has none of {says_any}")
    missing = [str(s) for s in expect.get("says_all", []) if str(s).lower() not in low]
    if missing:
        check.failures.append(f"reply lacks {missing}")
    present = [str(s) for s in expect.get("not_says", []) if str(s).lower() in low]
    if present:
        check.failures.append(f"reply has {present}")
    if expect.get("not_urgent_claimed") and not (ticket is not None and ticket.user_says_not_urgent):
        check.failures.append("ticket not marked 'user says not urgent'")


async def run_scenario(helpline: Helpline, scenario: dict[str, Any]) -> ScenarioResult:
    person = helpline.person()
    outcome = ScenarioResult(str(scenario.get("name", "?")))
    for index, turn in enumerate(scenario.get("turns", []), start=1):
        if "wait_minutes" in turn:
            helpline.advance(float(turn["wait_minutes"]))
            continue
        if "staff" in turn:
            try:
                await _staff(person, str(turn["staff"]))
            except LookupError:  # the engine raised no ticket for staff to act on: the scenario failed here
                check = TurnCheck(outcome.name, index, f"[staff {turn['staff']}]")
                check.failures.append("no open ticket for staff to act on")
                outcome.checks.append(check)
                break
            continue
        if "user" in turn:
            said = str(turn["user"])
            result = await person.says(said)
        elif "button" in turn:
            said = f"[button {turn['button']}]"
            result = await person.presses(str(turn["button"]))
        elif "command" in turn:
            name, _, args = str(turn["command"]).lstrip("/").partition(" ")
            said = f"/{name} {args}".strip()
            result = await person.command(name, args)
        else:
            raise ScenarioError(f"{outcome.name}: turn {index} is neither user, button, command, staff nor wait")
        helpline.advance(1 / 6)  # people take a few seconds to type the next message
        check = TurnCheck(outcome.name, index, said)
        await _check(person, result, dict(turn.get("expect") or {}), check)
        outcome.checks.append(check)
    return outcome


async def run_scenarios(helpline: Helpline, scenarios: list[dict[str, Any]]) -> list[ScenarioResult]:
    return [await run_scenario(helpline, s) for s in scenarios]


def scenarios_text(results: list[ScenarioResult], *, show_failures: bool = True) -> str:
    turns = [c for r in results for c in r.checks]
    failed_turns = [c for c in turns if c.failures]
    passed = sum(r.passed for r in results)
    lines = [
        f"scenarios: {passed}/{len(results)} passed; checked turns: "
        f"{len(turns) - len(failed_turns)}/{len(turns)} right"
    ]
    if show_failures:
        for c in failed_turns:
            reply = c.reply.replace("\n", " ")[:140]
            lines.append(f"  {c.scenario} turn {c.index} {c.said[:50]!r}: {'; '.join(c.failures)} | reply: {reply!r}")
    return "\n".join(lines)
