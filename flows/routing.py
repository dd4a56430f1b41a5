"""Which flow answers what: intents to flows, typed words to buttons, company names in free text."""

from __future__ import annotations

import re

from flows.model import YES_NO, Step
from flows.render import Renderer, button_id

# Which flow answers each NLU intent (DESIGN.md intents; `warning_signs` is the job-offer check).
INTENT_FLOWS: dict[str, str] = {
    "greet": "greet",
    "goodbye": "goodbye",
    "agency_check": "agency_check",
    "documents": "documents",
    "visa": "visa",
    "contract": "contract",
    "fees": "fees",
    "warning_signs": "job_offer",
    "departure_prep": "departure_prep",
    "destination_info": "destinations",
    "rights_abroad": "rights_abroad",
    "report_case": "report_case",
    "return_home": "return_home",
    "missing_person": "missing_person",
    "health": "health",
    "human_agent": "human_agent",
    "emergency": "emergency",
    "out_of_scope": "out_of_scope",
}
# Flows that run before the user has agreed to the privacy notice: safety and rights never wait.
NO_CONSENT_NEEDED = frozenset(
    {"welcome", "emergency", "danger_check", "human_agent", "delete_data", "language"}
)
NOT_WORTH_RESUMING = frozenset({"clarify", "out_of_scope"})
MAX_HOPS = 12  # a misconfigured `then` loop stops here instead of spinning

YES_WORDS = frozenset(
    [
        "ya",
        "iya",
        "iye",
        "y",
        "yes",
        "yup",
        "yoi",
        "betul",
        "benar",
        "bener",
        "ok",
        "oke",
        "sudah",
        "udah",
        "ada",
        "punya",
        "pernah",
    ]
)
NO_WORDS = frozenset(
    [
        "tidak",
        "tdk",
        "ga",
        "gak",
        "gk",
        "nggak",
        "ngga",
        "enggak",
        "engga",
        "no",
        "n",
        "nope",
        "belum",
        "blm",
        "bukan",
        "tak",
        "ndak",
    ]
)
MENU_WORDS = frozenset({"menu", "menu utama", "main menu", "kembali", "back"})
AGENCY_NAME = re.compile(r"\b(?:pt|p\.t\.?)\.?\s+([\w .&'-]{3,80})", re.IGNORECASE)


def typed_button(step: Step, text: str, lang: str, renderer: Renderer) -> str | None:
    """Someone typing "ya" or a button's title instead of tapping it."""
    said = re.sub(r"[^\w ]+", " ", text.lower()).strip()
    if step.ask:
        first = said.split(" ", 1)[0] if said else ""
        if said in YES_WORDS or first in YES_WORDS:
            return button_id(step, "yes")
        if said in NO_WORDS or first in NO_WORDS:
            return button_id(step, "no")
        return None
    for choice in step.buttons:
        if choice.id in YES_NO and (said in (YES_WORDS if choice.id == "yes" else NO_WORDS)):
            return button_id(step, choice.id)
        titles = {choice.title.lower(), renderer.text(lang, choice.title).lower()}
        if said and said in {re.sub(r"[^\w ]+", " ", x).strip() for x in titles}:
            return button_id(step, choice.id)
    return None
