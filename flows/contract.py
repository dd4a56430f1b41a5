"""The contract between the conversation engine and the flows.

The engine owns storage, locking, NLU and the safety gate; the flows own what the bot says. One
turn: the engine builds a :class:`Turn` and the conversation's :class:`FlowState`, calls
``FlowRunner.run`` (or ``start`` for a flow the engine chooses, e.g. ``emergency``), stores the new
state and the replies, and acts on the requests in :class:`TurnResult` (handoff, erase, theme).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.messages import OutboundMessage
from nlu.types import NluResult


@dataclass(slots=True)
class FlowState:
    """Per-conversation state, persisted by the engine between turns."""

    language: str = "id"
    flow: str | None = None
    step: str | None = None
    slots: dict[str, Any] = field(default_factory=dict)
    misunderstood_in_a_row: int = 0
    is_new: bool = False  # first turn of this contact: show the privacy notice and ask consent
    # Where the person is: "MY", "MY:johor_bahru", "ID" (nlu/location.py codes); None when unknown.
    # The engine keeps it encrypted on the conversation; the flows may set it (an answer to "where are you?").
    location: str | None = None


@dataclass(frozen=True, slots=True)
class Turn:
    channel: str
    text: str = ""
    button_id: str | None = None
    command: str | None = None  # "start", "lang", "hapus"
    command_args: str = ""
    nlu: NluResult | None = None  # None for button presses and commands


@dataclass(frozen=True, slots=True)
class HandoffRequest:
    urgent: bool
    reason: str  # short machine word: "emergency", "human_agent", "misunderstood", ...


@dataclass(slots=True)
class TurnResult:
    replies: list[OutboundMessage]
    state: FlowState
    theme: str | None = None  # the intent/theme answered, for the anonymised theme event
    outcome: str | None = None  # e.g. "risk:high", "agency:licensed"
    handoff: HandoffRequest | None = None
    erase_confirmed: bool = False  # the user confirmed /hapus: the engine erases their data
    consent_given: bool = False


class AgencyDirectory(Protocol):
    """What the agency-check flow needs from storage (implemented over SQL by the engine)."""

    async def search(self, name: str, limit: int = 3) -> list[dict[str, Any]]: ...


class FlowRunner(Protocol):
    async def run(self, turn: Turn, state: FlowState, agencies: AgencyDirectory) -> TurnResult: ...

    async def start(
        self, flow: str, turn: Turn, state: FlowState, agencies: AgencyDirectory
    ) -> TurnResult: ...

    def expects(self, state: FlowState, text: str) -> bool: ...
