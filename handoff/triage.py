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


# -- for staff: short English labels for the console (the console is in English) -----------------------

# Lexicon categories (nlu/danger_lexicon.py); a category not listed here is shown from its name.
CATEGORY_LABELS = {
    "confinement": "Confinement",
    "violence": "Violence",
    "sexual_abuse": "Sexual abuse",
    "threat": "Threat",
    "self_harm": "Self-harm",
    "forced_work": "Forced work",
    "ransom": "Ransom",
    "document_retention": "Documents held",
    "cannot_go_home": "Cannot go home",
    "stranded": "Stranded",
    "fear": "Fear",
    "alarm_word": "Alarm word",
    "sos": "SOS",
    "minor": "Minor in danger",
    "child_marriage": "Child marriage",
    "trafficking": "Trafficking",
    "medical": "Medical emergency",
    "at_sea": "Abuse at sea",
    "scam_compound": "Scam compound",
    "threat_to_family": "Threat to family",
    "medical_refused": "Medical care refused",
    "transit": "Being moved (transit)",
    "in_danger": "Says in danger",
    "cue": "Danger cue",
    "forced_marriage": "Forced marriage",
}
REASON_LABELS = {
    "button": "Emergency button pressed",
    "typed:emergency": "Typed the emergency button's words",
    "plea": "Plea for help",
    "emoji:distress": "Distress emoji",
    "framing:not-now": "Told as past or not now",
}

# Where the person is ("MY", "MY:johor_bahru"), for the queue row. flows/content/countries.yaml has the
# full list (with numbers); these are the names staff need at a glance, and any other code is shown as is.
COUNTRY_NAMES = {
    "ID": "Indonesia",
    "MY": "Malaysia",
    "SG": "Singapore",
    "BN": "Brunei",
    "HK": "Hong Kong",
    "MO": "Macau",
    "TW": "Taiwan",
    "SA": "Saudi Arabia",
    "AE": "United Arab Emirates",
    "QA": "Qatar",
    "KW": "Kuwait",
    "OM": "Oman",
    "BH": "Bahrain",
    "JO": "Jordan",
    "KR": "South Korea",
    "JP": "Japan",
    "KH": "Cambodia",
    "MM": "Myanmar",
    "TH": "Thailand",
    "LA": "Laos",
    "PH": "Philippines",
    "VN": "Vietnam",
    "CN": "China",
    "TR": "Türkiye",
    "PL": "Poland",
    "AU": "Australia",
    "US": "United States",
    "GB": "United Kingdom",
}


def _humanize(key: str) -> str:
    words = key.replace("_", " ").replace("-", " ").split()
    return " ".join(words).capitalize() if words else key


def reason_label(reason: str) -> str:
    """A detector reason as staff read it: "lexicon:confinement:disekap" -> 'Confinement: “disekap”'."""
    if reason in REASON_LABELS:
        return REASON_LABELS[reason]
    kind, _, rest = reason.partition(":")
    if kind == "lexicon" and rest:
        category, _, words = rest.partition(":")
        label = CATEGORY_LABELS.get(category, _humanize(category))
        return f"{label}: “{words}”" if words else label
    if kind == "classifier" and rest:
        try:
            return f"Classifier {round(float(rest) * 100)}% sure"
        except ValueError:
            return "Classifier"
    if kind == "emoji" and rest:
        return f"{_humanize(rest)} emoji"
    return reason


def reason_labels(reasons: tuple[str, ...] | list[str]) -> list[str]:
    """Each reason once, in the detector's order."""
    labels: list[str] = []
    for reason in reasons:
        label = reason_label(reason)
        if label not in labels:
            labels.append(label)
    return labels


def country_label(location: str | None) -> str | None:
    """ "MY:johor_bahru" -> "Malaysia (Johor Bahru)"; None when the country is not known."""
    if not location:
        return None
    code, _, city = location.partition(":")
    code = code.strip().upper()
    name = COUNTRY_NAMES.get(code, code)
    if city:
        return f"{name} ({' '.join(w.capitalize() for w in city.replace('_', ' ').split())})"
    return name
