"""What the NLU hands the engine. Kept free of any backend detail so backends are interchangeable."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Protocol

# Fixed in shared/DESIGN.md; also the analytics themes.
INTENTS: tuple[str, ...] = (
    "greet",
    "goodbye",
    "agency_check",
    "documents",
    "visa",
    "contract",
    "fees",
    "warning_signs",
    "departure_prep",
    "destination_info",
    "rights_abroad",
    "report_case",
    "return_home",
    "missing_person",
    "health",
    "human_agent",
    "emergency",
    "out_of_scope",
)

# The flows act on the intent only at or above this confidence; below it the bot says it did not
# understand. Chosen by `helpline nlu cutoff` (nlu/cutoff.py, figures in nlu/README.md). Urgent messages
# never depend on it: URGENT goes to the emergency flow whatever the confidence.
MIN_CONFIDENCE = 0.55


class Urgency(enum.StrEnum):
    NONE = "none"
    POSSIBLE = "possible"  # in between: the engine asks "Are you in danger right now?"
    URGENT = "urgent"


@dataclass(frozen=True, slots=True)
class NluResult:
    text: str
    intent: str
    confidence: float
    urgency: Urgency
    lang: str  # "id", "en", or a regional code ("su", "jv", "ms", "sas") when detected
    ranking: tuple[tuple[str, float], ...] = field(default=())
    # why, e.g. ("lexicon:confinement:disekap", "classifier:0.91", "plea", "emoji:distress", "framing:not-now")
    urgent_reasons: tuple[str, ...] = field(default=())
    risk: int = 0  # 0-100, how dangerous: orders urgent tickets in the staff queue (nlu.urgent.risk_score)

    @property
    def urgent(self) -> bool:
        return self.urgency is Urgency.URGENT

    def as_json(self) -> dict[str, object]:
        """The `helpline nlu parse` line format fixed in DESIGN.md (plus urgency, reasons and risk)."""
        return {
            "text": self.text,
            "intent": self.intent,
            "confidence": round(self.confidence, 4),
            "urgent": self.urgent,
            "lang": self.lang,
            "urgency": self.urgency.value,
            "reasons": list(self.urgent_reasons),
            "risk": self.risk,
        }


class NluBackend(Protocol):
    async def parse(self, text: str) -> NluResult: ...

    async def aclose(self) -> None: ...
