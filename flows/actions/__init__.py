"""Actions: the Python a flow step may call (``action: <name>``). Each returns a result key that the
step's ``results`` map turns into the next step, plus placeholders for that step's text."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bot.messages import Button
from flows.contract import AgencyDirectory, FlowState, Turn
from flows.model import Flow, Step


@dataclass(slots=True)
class ActionContext:
    flow: Flow
    step: Step
    lang: str
    data: dict[str, Any]  # this flow's slots; actions may read and update them
    turn: Turn
    agencies: AgencyDirectory
    text: Callable[[str], str]  # translate a msgid into the user's language
    state: FlowState  # this turn's state: actions may read and set `location` and conversation-wide slots

    def flow_text(self, key: str) -> str:
        """A flow-level ``texts:`` entry in the user's language."""
        return self.text(self.flow.texts[key])


@dataclass(slots=True)
class ActionResult:
    result: str
    params: dict[str, str] = field(default_factory=dict)
    buttons: list[tuple[Button, str, dict[str, str]]] = field(default_factory=list)  # button, target, slots
    outcome: str | None = None


Action = Callable[[ActionContext], Awaitable[ActionResult]]


def registry() -> dict[str, Action]:
    # Imported here so loading the model does not pull in SQL and rapidfuzz.
    from flows.actions import agency_lookup, documents, emergency, job_offer

    return {
        "emergency_card": emergency.card_action,
        "emergency_where": emergency.where_action,
        "danger_signal": emergency.danger_signal_action,
        "agency_lookup": agency_lookup.lookup_action,
        "document_needs": documents.needs_action,
        "document_gaps": documents.gaps_action,
        "job_offer_score": job_offer.score_action,
        "job_advert_scan": job_offer.scan_action,
    }


# Result keys each action can return: `flows check` requires a `results` entry for every one.
ACTION_RESULTS: dict[str, tuple[str, ...]] = {
    "agency_lookup": ("licensed", "suspended", "revoked", "similar", "same_name", "not_found", "unavailable"),
    "document_needs": ("ok",),
    "document_gaps": ("missing", "complete"),
    "job_offer_score": ("low", "medium", "high"),
    "job_advert_scan": ("none", "medium", "high"),
    "emergency_card": ("known", "unknown", "asked", "self_harm", "minor"),
    "emergency_where": ("known", "unknown"),
    "danger_signal": ("emoji", "words"),
}


def _is_location(text: str) -> bool:
    from nlu.location import detect_location

    found = detect_location(text)
    return found is not None and not found.going


# `input: {slot, to, accept: <name>}`: the step takes typed text as its answer only when the check says so;
# any other text is handled as usual (a button title, a command word, the NLU intent).
INPUT_CHECKS: dict[str, Callable[[str], bool]] = {"location": _is_location}
