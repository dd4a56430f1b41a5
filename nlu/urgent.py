"""The urgent detector: URGENT rests on evidence of danger now, never on the intent classifier alone.

Evidence, strongest first:
1. a curated, typo-tolerant danger lexicon (nlu/danger_lexicon.py) matched on normalised tokens: "urgent"
   rules (confinement, violence, sexual abuse, threats to the person or the family, a minor sold or married
   off, self-harm, care refused in a medical emergency, abuse at sea, forced work, stranded) raise the
   alarm; "possible" rules (passport held, fear, a medical emergency, no money and no papers) ask;
2. a bare plea: the whole message is "tolong", "SOS", "help me!!", or 🆘;
3. the classifier's `emergency` probability, which only counts for text like the training data (enough
   known words: out-of-distribution text gets no say) with enough content: alone it can only ask
   (POSSIBLE); it raises the alarm only when very confident and the message also has a weaker danger cue
   (a "possible" rule, a "cue" word such as "takut" or "sembunyi", or a distress emoji);
4. emoji only, with a distress emoji ("😭😭😭"): POSSIBLE.
Temporal framing then separates "I am locked in" from "my friend was locked in years ago, how do I prevent
it" and from questions about the rules ("kalau paspor ditahan itu boleh gak?"): those lower the alarm, and
danger words only in scare quotes ("aku 'dibunuh' sama setrikaan") ask instead of alarming.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from nlu import danger_lexicon as lex
from nlu.normalise import tokens
from nlu.training_data import Example
from nlu.types import Urgency

# Typo tolerance: one slip in a 7-letter word ("disekp", "dipukull") scores ~86; shorter words must be exact.
_FUZZY_CUTOFF = 85.0
_FUZZY_MIN_LEN = 6
# A paste is scanned whole up to this many characters (well past WhatsApp's 65,536), and past it the
# start and the end; typo correction is looked up for at most this many distinct new words per message, so
# a 20,000-character paste costs milliseconds, not seconds.
LEXICON_MAX_CHARS = 100_000
_MAX_FUZZY_LOOKUPS = 400
_CACHE_SIZE = 65_536
# Words that sit one letter away from a danger word but are ordinary in this domain.
_NEVER_CORRECT = frozenset(
    {"ditanya", "dikirim", "dikunjungi", "dibayar", "dibantu", "dipakai", "dikurangi", "diurus", "diterima",
     "dilamar", "dilatih", "dipanggil", "dijemput", "disuruh", "trafficker", "traffickers", "trafficking",
     "lockers", "locker", "blocked", "diancamkan", "killing", "kapalnya", "dipulangkan", "dikuncinya",
     # ordinary words a letter away from a danger word ("pt tanjung mas perkasa" is not "perkosa")
     "perkasa", "diperiksa", "periksa", "disekat", "menyekat", "diseka", "dikuncir", "dipukau", "tapped",
     "brother", "brothers", "tebasan", "ditebas", "lockdown", "diperiksakan", "pemeriksaan", "disana",
     "disini", "disitu",
     # Sundanese "diajar" (to study) is not "dihajar" (beaten)
     "diajar", "diajarkan", "diajari", "diajarin", "ngajar", "mengajar"}
)


def known_words(examples: Iterable[Example]) -> frozenset[str]:
    """Words of the non-emergency training messages: real words the fuzzy matcher must leave alone.

    Only words seen in at least two messages: the data has deliberate typos ("diskap"), and a one-off typo
    must stay correctable.
    """
    counts = Counter(w for e in examples if e.intent != "emergency" for w in set(tokens(e.text)))
    return frozenset(w for w, n in counts.items() if n >= 2)


def vocabulary(examples: Iterable[Example]) -> frozenset[str]:
    """Every word of the training messages: what "in distribution" is measured against."""
    return frozenset(w for e in examples for w in tokens(e.text))


_passive_words: frozenset[str] | None = None


def passive_words() -> frozenset[str]:
    """The "di-" verbs of the lexicon ("dikurung", "dipukul"): what "di kurung" / "dkurung" are written for."""
    global _passive_words
    if _passive_words is None:
        phrases = [p for rule in lex.RULES for group in (*rule.groups, rule.unless) for p in group]
        words = {w for p in phrases for w in tokens(p)}
        words |= {w for v in lex.CHAT_SPELLINGS.values() for w in v.split()}
        _passive_words = frozenset(w for w in words if w.startswith("di") and len(w) >= 6)
    return _passive_words


def _join_passives(words: list[str]) -> list[str]:
    """Chat passives: "di kunci", "d pukul" (the normaliser reads "d" as "di") and "dkurung" -> one word.

    Only where the joined word is a lexicon verb: "di kamar", "di rumah" stay prepositions.
    """
    passive = passive_words()
    out: list[str] = []
    i, n = 0, len(words)
    while i < n:
        word = words[i]
        if word == "di" and i + 1 < n and "di" + words[i + 1] in passive:
            out.append("di" + words[i + 1])
            i += 2
            continue
        if len(word) >= 5 and word[0] == "d" and word[1] not in "aeiou" and "di" + word[1:] in passive:
            word = "di" + word[1:]
        out.append(word)
        i += 1
    return out


def lexicon_tokens(text: str, limit: int | None = None) -> list[str]:
    """The normaliser's tokens, then the lexicon's own chat spellings ("gk blh kluar" -> tidak boleh keluar)
    and split passives ("d kurung" -> dikurung)."""
    raw = tokens(text) if limit is None else tokens(text, limit=limit)
    spellings = lex.CHAT_SPELLINGS
    out: list[str] = []
    for word in raw:
        mapped = spellings.get(word)
        if mapped is None:
            out.append(word)
        else:
            out.extend(mapped.split())
    return _join_passives(out)


def _split(phrases: str | Iterable[str]) -> tuple[tuple[str, ...], ...]:
    items = phrases.split("|") if isinstance(phrases, str) else phrases
    return tuple(t for t in (tuple(lexicon_tokens(p)) for p in items if p.strip()) if t)


# A word or two in scare quotes ("hari ini sy 'dibunuh' sm setrikaan"): figurative more often than not.
_QUOTED = re.compile(r"(?:(?<=\s)|^)['\"‘“]([^'\"‘’“”\n]{1,40}?)['\"’”](?=[\s.,!?;:]|$)")

# A trie node: the next words, and the slots of the phrases that end here.
_Node = tuple[dict[str, "_Node"], list[int]]

# Past markers that depend on the word before them (see _past_word).
_CONTEXT_WORDS = frozenset({("pernah",), ("dulu",)})


@dataclass(frozen=True, slots=True)
class UrgencyRule:
    """How much the classifier may say. Chosen by cross-validation and the dev set (nlu/README.md)."""

    # emergency probability at which the classifier, with a weaker danger cue, raises the alarm
    classifier_urgent: float = 0.85
    # emergency probability at which the classifier alone asks "are you in danger right now?"
    classifier_possible: float = 0.6
    # in distribution: at least this share of the message's words were seen in training...
    min_known_share: float = 0.6
    # ...and at least this many of them are content words (not "saya", "di", "the")
    min_content_words: int = 2


DEFAULT_RULE = UrgencyRule()


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
    cue_hits: tuple[str, ...] = ()
    plea: bool = False  # a direct call for help somewhere in the message ("tolong saya", "help me")
    plea_ambiguous: bool = False  # the bare plea is only "help" / "bantuan": also the help command
    laughing: bool = False  # "wkwk", "lol", 😂: hyperbole more often than not
    rules_question: bool = False  # "... itu boleh gak?", "is it legal ...?"
    other_person: bool = False  # about someone else ("teman saya", "my friend")
    emoji_distress: bool = False  # a distress emoji anywhere
    emoji_only: bool = False  # no words at all, and a distress emoji
    words: int = 0
    known_share: float = 0.0  # share of the words seen in training
    content_words: int = 0  # known words that are not function words
    quoted: frozenset[str] = frozenset()  # words inside scare quotes ('dibunuh')

    @property
    def framed_as_not_now(self) -> bool:
        """Past, prevention, already-safe or rules-question framing with nothing saying it is happening now."""
        return (self.past or self.prevention or self.safe_now or self.rules_question) and not self.present

    def out_of_distribution(self, rule: UrgencyRule = DEFAULT_RULE) -> bool:
        """Unlike the training data: too few known words, or none that carries content."""
        return self.words == 0 or self.known_share < rule.min_known_share or self.content_words == 0

    def classifier_counts(self, rule: UrgencyRule = DEFAULT_RULE) -> bool:
        """In distribution and with enough content for the classifier to have a say in urgency."""
        return not self.out_of_distribution(rule) and self.content_words >= rule.min_content_words


# Slots of the phrase index: one per rule group and unless-list, then the framing lists.
_HEARSAY, _PAST, _PREVENTION, _SAFE_NOW, _PRESENT, _WEAK_PRESENT, _PLEA, _RULES_Q = range(-8, 0)


class DangerLexicon:
    """Matches danger rules and temporal markers on normalised, typo-corrected tokens."""

    def __init__(
        self, known_words: frozenset[str] = frozenset(), vocabulary: frozenset[str] = frozenset()
    ) -> None:
        # known_words: ordinary words seen in non-emergency training messages. They are never "corrected"
        # into a danger word ("brother" is not a typo of "brothel").
        # vocabulary: every training word, for the in-distribution measure.
        self._known = known_words
        self._vocabulary = vocabulary
        # rules as (category, strength, [slot per group], unless slot or None)
        self._rules: list[tuple[str, str, list[int], int | None]] = []
        slots: list[tuple[int, tuple[tuple[str, ...], ...]]] = []
        for rule in lex.RULES:
            group_slots = []
            for group in rule.groups:
                slots.append((len(slots), _split(group)))
                group_slots.append(slots[-1][0])
            unless = None
            if rule.unless:
                slots.append((len(slots), _split(rule.unless)))
                unless = slots[-1][0]
            self._rules.append((rule.category, rule.strength, group_slots, unless))
        framing = {
            _PAST: lex.PAST, _PREVENTION: lex.PREVENTION, _SAFE_NOW: lex.SAFE_NOW, _PRESENT: lex.PRESENT,
            _WEAK_PRESENT: lex.WEAK_PRESENT, _PLEA: lex.PLEA_PHRASES, _RULES_Q: lex.RULES_QUESTION_PHRASES,
            _HEARSAY: lex.HEARSAY,
        }
        phrases_by_slot = dict(slots)
        phrases_by_slot.update({slot: _split(text) for slot, text in framing.items()})
        # A trie of phrases by word: a message is scanned once, position by position, each position costing
        # only as many steps as the longest phrase that starts there (not one per phrase sharing a first
        # word: a thousand phrases start with "tidak").
        self._trie: dict[str, _Node] = {}
        for slot, phrases in phrases_by_slot.items():
            for phrase in phrases:
                if slot == _PAST and phrase in _CONTEXT_WORDS:
                    continue  # "pernah" and "dulu" depend on the word before them: _past_word
                level = self._trie
                for depth, word in enumerate(phrase):
                    node = level.setdefault(word, ({}, []))
                    if depth == len(phrase) - 1 and slot not in node[1]:
                        node[1].append(slot)
                    level = node[0]
        # Fuzzy targets: the single words that make up danger phrases, long enough to correct safely, by
        # first letter (typos rarely hit the first letter; requiring it keeps "polandia" from "disandra").
        words = {w for slot, phrases in slots for p in phrases for w in p} | lex.PLEA_WORDS
        self._targets: dict[str, list[str]] = {}
        for w in sorted(w for w in words if len(w) >= _FUZZY_MIN_LEN):
            self._targets.setdefault(w[0], []).append(w)
        self._keep = frozenset(words) | _NEVER_CORRECT | self._known
        self._cache: dict[str, str] = {}

    def _correct_all(self, raw: list[str]) -> list[str]:
        lookups = 0
        out = []
        for word in raw:
            if len(word) < _FUZZY_MIN_LEN or word in self._keep:
                out.append(word)
                continue
            corrected = self._cache.get(word)
            if corrected is None:
                if lookups >= _MAX_FUZZY_LOOKUPS:
                    out.append(word)
                    continue
                lookups += 1
                targets = self._targets.get(word[0], ())
                match = process.extractOne(word, targets, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
                corrected = match[0] if match else word
                if len(self._cache) >= _CACHE_SIZE:
                    self._cache.clear()
                self._cache[word] = corrected
            out.append(corrected)
        return out

    def _scan(self, words: list[str]) -> dict[int, str]:
        """Slot -> the first phrase of that slot found in the message."""
        found: dict[int, str] = {}
        trie = self._trie
        n = len(words)
        for i, word in enumerate(words):
            node = trie.get(word)
            j = i
            while node is not None:
                children, slots = node
                for slot in slots:
                    if slot not in found:
                        found[slot] = " ".join(words[i : j + 1])
                j += 1
                if j >= n:
                    break
                node = children.get(words[j])
        return found

    def signals(self, text: str) -> UrgentSignals:
        text = text if isinstance(text, str) else ""
        # A long story may end with the danger ("... sekarang saya dikurung"): scan it whole, and past the
        # cap its start and its end.
        if len(text) > LEXICON_MAX_CHARS:
            half = LEXICON_MAX_CHARS // 2
            text = f"{text[:half]} . {text[-half:]}"
        raw = lexicon_tokens(text, limit=LEXICON_MAX_CHARS + 16)
        words = self._correct_all(raw)
        # "keluar negeri" (abroad) is not "keluar" (go out): hide it from the "cannot go out" phrases.
        following = [*words[1:], ""][: len(words)]
        words = [
            "keluarnegeri" if w == "keluar" and nxt == "negeri" else w
            for w, nxt in zip(words, following, strict=True)
        ]
        found = self._scan(words)
        urgent_hits: list[str] = []
        possible_hits: list[str] = []
        cue_hits: list[str] = []
        by_strength = {"urgent": urgent_hits, "possible": possible_hits, "cue": cue_hits}
        fired: set[str] = set()
        for category, strength, group_slots, unless in self._rules:
            if category in fired or (unless is not None and unless in found):
                continue
            if all(s in found for s in group_slots):
                # "threat_to_family:mengancam + keluarga": every group's phrase, for staff and tuning
                by_strength[strength].append(f"{category}:{' + '.join(found[s] for s in group_slots)}")
                fired.add(category)
        past = _PAST in found or self._past_word(words)
        safe_now = _SAFE_NOW in found
        word_set = set(words)
        emoji = set(text)
        distress = bool(emoji & lex.DISTRESS_EMOJI)
        sos_emoji = bool(emoji & lex.SOS_EMOJI)
        known = [w for w in words if w in self._vocabulary]
        plea_only = (bool(words) and word_set <= lex.PLEA_WORDS and bool(word_set & lex.PLEA_CORE)) or (
            not words and sos_emoji
        )
        return UrgentSignals(
            urgent_hits=tuple(urgent_hits),
            possible_hits=tuple(possible_hits),
            cue_hits=tuple(cue_hits),
            plea_only=plea_only,
            plea_ambiguous=(
                plea_only
                and not sos_emoji
                and word_set & lex.PLEA_CORE <= lex.AMBIGUOUS_PLEA
                and not word_set & lex.PLEA_OBJECTS
            ),
            laughing=bool(word_set & lex.LAUGHTER or emoji & lex.LAUGHTER_EMOJI)
            or any(w.startswith(("wkwk", "hahaha")) for w in word_set),
            plea=_PLEA in found or sos_emoji,
            past=past,
            prevention=_PREVENTION in found or (_HEARSAY in found and not word_set & lex.FIRST_PERSON),
            safe_now=safe_now,
            # "sekarang sudah aman" is not "happening now", nor "cara mencegah ... sekarang": a weak present
            # marker counts only without safe-now or prevention framing.
            present=_PRESENT in found
            or (not safe_now and _PREVENTION not in found and _HEARSAY not in found and _WEAK_PRESENT in found),
            rules_question=_RULES_Q in found or self._rules_question(text, words),
            other_person=bool(word_set & lex.OTHER_PEOPLE) and not (word_set & lex.FIRST_PERSON_SUBJECTS),
            emoji_distress=distress,
            emoji_only=not words and distress,
            words=len(words),
            known_share=len(known) / len(words) if words else 0.0,
            content_words=sum(w not in lex.FUNCTION_WORDS for w in known),
            quoted=self._quoted(text) if ("'" in text or '"' in text or "‘" in text or "“" in text) else frozenset(),
        )

    def _quoted(self, text: str) -> frozenset[str]:
        inner = " ".join(m.group(1) for m in _QUOTED.finditer(text[:2000]))
        return frozenset(self._correct_all(lexicon_tokens(inner))) if inner else frozenset()

    @staticmethod
    def _past_word(words: list[str]) -> bool:
        # "pernah disekap" is the past; "tidak pernah dikasih makan" (never fed) is happening now.
        # "dulu teman saya" is the past; "tolong jemput saya dulu" (first) is not.
        previous = ["", *words[:-1]][: len(words)]
        return any(
            (w == "pernah" and p not in lex.NEGATIONS) or (w == "dulu" and p not in lex.DULU_NOT_PAST_AFTER)
            for w, p in zip(words, previous, strict=True)
        )

    @staticmethod
    def _rules_question(text: str, words: list[str]) -> bool:
        """A permission word ("boleh", "legal") in a question; "saya tidak boleh keluar" is not one."""
        if not words or len(words) > 60:
            return False
        previous = ["", *words[:-1]]
        permission = any(
            w in lex.PERMISSION_WORDS and p not in lex.NOT_PERMISSION_AFTER
            for w, p in zip(words, previous, strict=False)
        )
        asked = "?" in text or words[0] in lex.QUESTION_FIRST or words[-1] in lex.QUESTION_LAST
        if permission:
            return asked
        # "apa bener kalau kabur dari majikan bisa dipenjara?": a condition near the start of a question
        # about nobody in particular.
        # "gk bisa kemana2" (cannot go anywhere) is not the question word "kemana".
        word_set = {
            w
            for w, p, nxt in zip(words, previous, [*words[1:], ""], strict=False)
            if not (w in {"kemana", "mana"} and (nxt in {"kemana", "mana"} or p in {"kemana", "mana"}))
        }
        conditional = any(w in lex.CONDITIONAL for w in words[:4])
        questioned = asked or bool(word_set & lex.QUESTION_ANYWHERE)
        return conditional and questioned and not word_set & lex.FIRST_PERSON


@dataclass(frozen=True, slots=True)
class UrgencyDecision:
    urgency: Urgency
    reasons: tuple[str, ...]


def decide_urgency(
    signals: UrgentSignals, emergency_probability: float, rule: UrgencyRule = DEFAULT_RULE
) -> UrgencyDecision:
    """Combine the evidence. The classifier never raises the alarm alone; framing can lower, never hide."""
    if signals.plea_only:
        # "help" alone is also the help command: ask. "tolong", "help me", "SOS", 🆘: the alarm.
        if signals.plea_ambiguous:
            return UrgencyDecision(Urgency.POSSIBLE, ("plea:ambiguous",))
        return UrgencyDecision(Urgency.URGENT, ("plea",))
    if signals.emoji_only:
        return UrgencyDecision(Urgency.POSSIBLE, ("emoji:distress",))
    reasons: list[str] = [f"lexicon:{h}" for h in signals.urgent_hits]
    # "saya berdarah, tolong saya": a medical, fear or stranded sign with a direct call for help.
    raised = [h for h in signals.possible_hits if h.split(":", 1)[0] in lex.PLEA_RAISES] if signals.plea else []
    if raised:
        reasons += [*(f"lexicon:{h}" for h in raised), "plea"]
    # The classifier counts only for text like its training data, with some content.
    classifier_counts = signals.classifier_counts(rule)
    cues = [
        *(f"lexicon:{h}" for h in signals.possible_hits if h not in raised),
        *(f"lexicon:{h}" for h in signals.cue_hits),
        *(["emoji:distress"] if signals.emoji_distress else []),
    ]
    classifier_alarm = classifier_counts and emergency_probability >= rule.classifier_urgent and bool(cues)
    if classifier_alarm:
        reasons += [f"classifier:{emergency_probability:.2f}", *cues]
    if reasons:
        # "pengen mati rasanya wkwk" after a football match, "the bus left me at the terminal lol": self-harm
        # or stranded words with laughter and nothing else ask "are you safe?" instead of raising the alarm.
        only_soft = all(r.startswith(("lexicon:self_harm:", "lexicon:stranded:")) for r in reasons)
        if signals.laughing and only_soft and not signals.plea:
            return UrgencyDecision(Urgency.POSSIBLE, (*reasons, "framing:laughter"))
        # The only danger words sit in scare quotes: "hari ini sy 'dibunuh' sm setrikaan" asks, not alarms.
        if signals.quoted and not signals.plea and all(
            r.startswith("lexicon:") and set(r.split(":", 2)[-1].replace(" + ", " ").split()) <= signals.quoted
            for r in reasons
        ):
            return UrgencyDecision(Urgency.POSSIBLE, (*reasons, "framing:quoted"))
        if not signals.framed_as_not_now:
            return UrgencyDecision(Urgency.URGENT, tuple(reasons))
        # Not now. A prevention or general question, someone already safe, or someone else's past: no
        # alarm. The person's own past ("saya pernah dikurung") or a rules question about a real danger
        # ("kalau dipukul majikan boleh lapor?") is worth the engine's "are you in danger now?".
        quiet = signals.prevention or signals.safe_now or (signals.past and signals.other_person)
        return UrgencyDecision(Urgency.NONE if quiet else Urgency.POSSIBLE, (*reasons, "framing:not-now"))
    if signals.framed_as_not_now:
        return UrgencyDecision(Urgency.NONE, ())
    if signals.possible_hits:
        return UrgencyDecision(Urgency.POSSIBLE, tuple(f"lexicon:{h}" for h in signals.possible_hits))
    if classifier_counts and emergency_probability >= rule.classifier_possible:
        return UrgencyDecision(Urgency.POSSIBLE, (f"classifier:{emergency_probability:.2f}",))
    return UrgencyDecision(Urgency.NONE, ())


# How dangerous, 0-100, to order urgent tickets in the staff queue (bot/engine.py's Emergency button is 50).
CATEGORY_RISK: dict[str, int] = {
    "self_harm": 95,
    "minor": 95,
    "sexual_abuse": 92,
    "violence": 90,
    "medical_refused": 90,
    "at_sea": 88,
    "threat": 88,
    "threat_to_family": 85,
    "forced_marriage": 85,
    "transit": 88,
    "in_danger": 82,
    "confinement": 85,
    "ransom": 85,
    "forced_work": 80,
    "medical": 80,
    "stranded": 72,
    "document_retention": 70,
    "fear": 65,
    "alarm_word": 60,
    "sos": 60,
    "cannot_go_home": 55,
    "cue": 50,
}
PLEA_RISK = 55  # "tolong" alone: could be anything, so below every named danger
CLASSIFIER_RISK = 60  # the classifier, very confident, with a weaker cue
POSSIBLE_RISK = {"medical": 30, "fear": 25, "stranded": 25, "document_retention": 20, "alarm_word": 20}
POSSIBLE_BASE = 10


def _categories(reasons: Iterable[str]) -> list[str]:
    return [r.split(":")[1] for r in reasons if r.startswith("lexicon:") and r.count(":") >= 2]


def risk_score(decision: UrgencyDecision) -> int:
    """0 for NONE; 10-35 for POSSIBLE; 55-100 for URGENT: the most dangerous category found, a little more
    for each further one (beaten *and* locked in)."""
    if decision.urgency is Urgency.NONE:
        return 0
    categories = _categories(decision.reasons)
    if decision.urgency is Urgency.POSSIBLE:
        extra = max((POSSIBLE_RISK.get(c, 15) for c in categories), default=15 if decision.reasons else 0)
        if "emoji:distress" in decision.reasons:
            extra = max(extra, 20)
        return min(35, POSSIBLE_BASE + extra)
    scores = [CATEGORY_RISK.get(c, 70) for c in categories]
    if "plea" in decision.reasons:
        scores.append(PLEA_RISK)
    if any(r.startswith("classifier:") for r in decision.reasons):
        scores.append(CLASSIFIER_RISK)
    if not scores:
        return PLEA_RISK
    distinct = {c for c in categories if c != "cue"}
    return min(100, max(scores) + 2 * min(3, max(0, len(distinct) - 1)))
