"""The urgent detector: layered so that a person in danger is never missed.

Layers, any of which can raise the alarm:
1. the classifier's `emergency` probability (low threshold, set by the caller's backend);
2. a curated, typo-tolerant danger lexicon (nlu/danger_lexicon.py) matched with rapidfuzz;
3. a bare plea: the whole message is "tolong", "SOS", "help me!!".
Temporal framing then separates "I am locked in" from "my friend was locked in years ago, how do I prevent
it": past or prevention framing without a present-tense marker lowers URGENT to POSSIBLE or NONE.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from nlu import danger_lexicon as lex
from nlu.normalise import MAX_CHARS, tokens
from nlu.training_data import Example
from nlu.types import Urgency

# Typo tolerance: one slip in a 7-letter word ("disekp", "dipukull") scores ~86; shorter words must be exact.
_FUZZY_CUTOFF = 85.0
_FUZZY_MIN_LEN = 6
# Words that sit one letter away from a danger word but are ordinary in this domain.
_NEVER_CORRECT = frozenset(
    {"ditanya", "dikirim", "dikunjungi", "dibayar", "dibantu", "dipakai", "dikurangi", "diurus", "diterima",
     "dilamar", "dilatih", "dipanggil", "dijemput", "disuruh", "trafficker", "traffickers", "trafficking",
     "lockers", "locker", "blocked", "diancamkan"}
)


def known_words(examples: Iterable[Example]) -> frozenset[str]:
    """Words of the non-emergency training messages: real words the fuzzy matcher must leave alone.

    Only words seen in at least two messages: the data has deliberate typos ("diskap"), and a one-off typo
    must stay correctable.
    """
    counts = Counter(w for e in examples if e.intent != "emergency" for w in set(tokens(e.text)))
    return frozenset(w for w, n in counts.items() if n >= 2)


def _split(phrases: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(tokens(p)) for p in phrases.split("|") if p.strip())


# Past markers that depend on the word before them (see _past_word).
_CONTEXT_WORDS = frozenset({("pernah",), ("dulu",)})


@dataclass(frozen=True, slots=True)
class UrgentSignals:
    """What the lexicon layer saw in one message."""

    urgent_hits: tuple[str, ...]
    possible_hits: tuple[str, ...]
    plea_only: bool
    past: bool
    prevention: bool
    safe_now: bool
    present: bool

    @property
    def framed_as_not_now(self) -> bool:
        """Past, prevention or already-safe framing with nothing saying it is happening now."""
        return (self.past or self.prevention or self.safe_now) and not self.present


class DangerLexicon:
    """Matches danger rules and temporal markers on normalised, typo-corrected tokens."""

    def __init__(self, known_words: frozenset[str] = frozenset()) -> None:
        # known_words: ordinary words seen in non-emergency training messages. They are never "corrected"
        # into a danger word ("brother" is not a typo of "brothel").
        self._known = known_words
        self._rules = [
            (rule.category, rule.strength, [frozenset(_split("|".join(g))) for g in rule.groups])
            for rule in lex.RULES
        ]
        self._past = frozenset(_split(lex.PAST))
        self._prevention = frozenset(_split(lex.PREVENTION))
        self._safe_now = frozenset(_split(lex.SAFE_NOW))
        self._present = frozenset(_split(lex.PRESENT))
        self._weak_present = frozenset(_split(lex.WEAK_PRESENT))
        all_phrases = [p for _, _, groups in self._rules for g in groups for p in g]
        self._max_n = max(len(p) for p in all_phrases + list(self._prevention | self._past | self._present))
        # Fuzzy targets: the single words that make up danger phrases, long enough to correct safely.
        words = {w for p in all_phrases for w in p} | lex.PLEA_WORDS
        self._targets = sorted(w for w in words if len(w) >= _FUZZY_MIN_LEN)
        self._keep = frozenset(self._targets) | _NEVER_CORRECT | self._known

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - one long-lived instance per process; bounded cache
    def _correct(self, word: str) -> str:
        if len(word) < _FUZZY_MIN_LEN or word in self._keep:
            return word
        match = process.extractOne(word, self._targets, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
        # Typos rarely hit the first letter; requiring it keeps "polandia" from becoming "disandra".
        return match[0] if match and match[0][0] == word[0] else word

    def _ngrams(self, words: list[str]) -> set[tuple[str, ...]]:
        grams: set[tuple[str, ...]] = set()
        for n in range(1, self._max_n + 1):
            for i in range(len(words) - n + 1):
                grams.add(tuple(words[i : i + n]))
        return grams

    def signals(self, text: str) -> UrgentSignals:
        # A long story may end with the danger ("... sekarang saya dikurung"): scan its start and its end.
        if isinstance(text, str) and len(text) > MAX_CHARS:
            text = f"{text[:MAX_CHARS]} . {text[-MAX_CHARS:]}"
        raw = tokens(text)
        words = [self._correct(w) for w in raw]
        # "keluar negeri" (abroad) is not "keluar" (go out): hide it from the "cannot go out" phrases.
        following = [*words[1:], ""][: len(words)]
        words = [
            "keluarnegeri" if w == "keluar" and nxt == "negeri" else w
            for w, nxt in zip(words, following, strict=True)
        ]
        grams = self._ngrams(words)
        urgent_hits: list[str] = []
        possible_hits: list[str] = []
        for category, strength, groups in self._rules:
            matched = [next((" ".join(p) for p in g if p in grams), None) for g in groups]
            if all(matched):
                (urgent_hits if strength == "urgent" else possible_hits).append(f"{category}:{matched[0]}")
        past = any(g in grams for g in self._past if g not in _CONTEXT_WORDS) or self._past_word(words)
        safe_now = bool(grams & self._safe_now)
        return UrgentSignals(
            urgent_hits=tuple(urgent_hits),
            possible_hits=tuple(possible_hits),
            plea_only=bool(words) and set(words) <= lex.PLEA_WORDS and bool(set(words) & lex.PLEA_CORE),
            past=past,
            prevention=bool(grams & self._prevention),
            safe_now=safe_now,
            # "sekarang sudah aman" is not "happening now": a weak present marker counts only without it.
            present=bool(grams & self._present) or (not safe_now and bool(grams & self._weak_present)),
        )

    @staticmethod
    def _past_word(words: list[str]) -> bool:
        # "pernah disekap" is the past; "tidak pernah dikasih makan" (never fed) is happening now.
        # "dulu teman saya" is the past; "tolong jemput saya dulu" (first) is not.
        previous = ["", *words[:-1]][: len(words)]
        return any(
            (w == "pernah" and p not in lex.NEGATIONS) or (w == "dulu" and p not in lex.DULU_NOT_PAST_AFTER)
            for w, p in zip(words, previous, strict=True)
        )


@dataclass(frozen=True, slots=True)
class UrgencyDecision:
    urgency: Urgency
    reasons: tuple[str, ...]


def decide_urgency(
    signals: UrgentSignals,
    emergency_probability: float,
    *,
    urgent_threshold: float,
    possible_threshold: float,
) -> UrgencyDecision:
    """Combine the layers. Recall first: any clear layer is enough; framing can only lower, never hide."""
    reasons: list[str] = [f"lexicon:{h}" for h in signals.urgent_hits]
    if signals.plea_only:
        return UrgencyDecision(Urgency.URGENT, ("plea",))
    classifier_says = emergency_probability >= urgent_threshold
    if classifier_says:
        reasons.append(f"classifier:{emergency_probability:.2f}")
    if signals.urgent_hits or classifier_says:
        if not signals.framed_as_not_now:
            return UrgencyDecision(Urgency.URGENT, tuple(reasons))
        # A general or prevention question, or a relative who is already safe: no alarm. The past alone
        # ("teman saya pernah dipukul majikan") is worth the engine's "are you in danger now?".
        only_past = signals.past and not (signals.prevention or signals.safe_now)
        return UrgencyDecision(Urgency.POSSIBLE if only_past else Urgency.NONE, (*reasons, "framing:not-now"))
    if signals.possible_hits and not signals.framed_as_not_now:
        return UrgencyDecision(Urgency.POSSIBLE, tuple(f"lexicon:{h}" for h in signals.possible_hits))
    if emergency_probability >= possible_threshold and not signals.framed_as_not_now:
        return UrgencyDecision(Urgency.POSSIBLE, (f"classifier:{emergency_probability:.2f}",))
    return UrgencyDecision(Urgency.NONE, ())
