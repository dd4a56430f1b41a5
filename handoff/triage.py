"""Why a ticket is urgent, kept for the staff queue: the detector's reasons, the first words of the
message that raised it, the person's country, and a risk score that orders urgent tickets.

The engine builds a :class:`Triage` from the NLU result and seals it with the transcript cipher before
:func:`handoff.service.open_ticket` stores it (``tickets.triage_encrypted``): reasons and words are
message content and get the same encryption, rotation, retention and erasure as the transcript.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from bot.storage.crypto import TranscriptCipher

PREVIEW_WORDS = 12  # enough for staff to tell a false alarm from a crisis at a glance
PREVIEW_CHARS = 120


def preview_of(text: str) -> str:
    """The first words of a message, one line, for the queue row."""
    words = text.split()
    short = " ".join(words[:PREVIEW_WORDS])
    cut = len(words) > PREVIEW_WORDS
    if len(short) > PREVIEW_CHARS:
        short, cut = short[: PREVIEW_CHARS - 1].rstrip(), True
    return short + ("…" if cut else "")


@dataclass(frozen=True, slots=True)
class Triage:
    reasons: tuple[str, ...] = ()
    preview: str = ""
    country: str | None = None
    risk: int = 0  # 0-100; see nlu.urgent.risk_score
    trigger: str = field(default="message")  # "message", "button" (Emergency pressed), "staff"

    def seal(self, cipher: TranscriptCipher) -> bytes:
        payload = {
            "reasons": list(self.reasons),
            "preview": self.preview,
            "country": self.country,
            "trigger": self.trigger,
        }
        return cipher.encrypt(json.dumps(payload, ensure_ascii=False))

    @classmethod
    def unseal(cls, cipher: TranscriptCipher, sealed: bytes | None, risk: int = 0) -> Triage:
        """The stored triage; an empty one when there is none or it cannot be read (key retired)."""
        if not sealed:
            return cls(risk=risk)
        try:
            data = json.loads(cipher.decrypt(sealed))
        except ValueError:  # "[unreadable: …]" marker from a retired key
            return cls(risk=risk)
        return cls(
            reasons=tuple(str(r) for r in data.get("reasons", ())),
            preview=str(data.get("preview", "")),
            country=data.get("country"),
            risk=risk,
            trigger=str(data.get("trigger", "message")),
        )
