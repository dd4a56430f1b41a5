"""The default backend: the in-process classifier plus the urgent detector and language detection."""

from __future__ import annotations

import pathlib

from nlu.artefact import Manifest, default_model_dir, load_or_train
from nlu.language import detect_language
from nlu.runtime import IntentModel
from nlu.types import NluResult, Urgency
from nlu.urgent import DangerLexicon, decide_urgency

# Emergency probability at or above which the classifier alone raises the alarm, and the lower bound of
# the "ask whether they are in danger now" band. Low on purpose: a missed emergency costs far more than
# a question. Measured on the held-out set in nlu/README.md.
URGENT_THRESHOLD = 0.35
POSSIBLE_THRESHOLD = 0.12
# Confidence reported when a curated rule, not the classifier, made the message an emergency.
RULE_CONFIDENCE = 0.9


def compose_result(
    text: str, ranking: list[tuple[str, float]], lexicon: DangerLexicon, lang: str | None = None
) -> NluResult:
    """Shared by both backends: the intent ranking in, the urgent layers applied on top."""
    probabilities = dict(ranking)
    intent, confidence = ranking[0] if ranking else ("out_of_scope", 0.0)
    signals = lexicon.signals(text)
    decision = decide_urgency(
        signals,
        probabilities.get("emergency", 0.0),
        urgent_threshold=URGENT_THRESHOLD,
        possible_threshold=POSSIBLE_THRESHOLD,
    )
    urgency, reasons = decision.urgency, decision.reasons
    if intent == "emergency" and urgency is not Urgency.URGENT:
        if not signals.framed_as_not_now:
            # The classifier's best guess is an emergency: that alone is an alarm.
            urgency, reasons = Urgency.URGENT, (*reasons, f"classifier:{confidence:.2f}")
        else:
            # Framed as past or prevention: not an emergency now, so take the next best intent.
            intent, confidence = next(((i, p) for i, p in ranking if i != "emergency"), ("out_of_scope", 0.0))
    if urgency is Urgency.URGENT and intent != "emergency":
        # An alarm means danger now, which is what `emergency` means; the safety flow takes over. A curated
        # rule (lexicon, bare plea) is a confident call; a classifier-only alarm keeps its probability.
        by_rule = any(not r.startswith("classifier:") for r in reasons)
        p_emergency = probabilities.get("emergency", 0.0)
        intent, confidence = "emergency", max(p_emergency, RULE_CONFIDENCE) if by_rule else p_emergency
    return NluResult(
        text=text,
        intent=intent,
        confidence=confidence,
        urgency=urgency,
        lang=lang or detect_language(text),
        ranking=tuple(ranking[:5]),
        urgent_reasons=reasons,
    )


class EmbeddedBackend:
    """Loads (or trains) the artefact once; parsing is synchronous and sub-millisecond."""

    def __init__(self, classifier: IntentModel, manifest: Manifest | None = None) -> None:
        self.classifier = classifier
        self.manifest = manifest
        self.lexicon = DangerLexicon(classifier.known_words)

    @classmethod
    def load(cls, model_dir: pathlib.Path | None = None) -> EmbeddedBackend:
        classifier, manifest = load_or_train(model_dir or default_model_dir())
        return cls(classifier, manifest)

    def parse_sync(self, text: str) -> NluResult:
        text = text if isinstance(text, str) else ""
        return compose_result(text, self.classifier.rank(text), self.lexicon)

    async def parse(self, text: str) -> NluResult:
        return self.parse_sync(text)

    async def aclose(self) -> None:
        return None
