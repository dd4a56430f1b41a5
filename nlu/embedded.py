"""The default backend: the in-process classifier plus the urgent detector and language detection."""

from __future__ import annotations

import pathlib

from nlu.artefact import Manifest, default_model_dir, load_or_train
from nlu.language import detect_language
from nlu.runtime import IntentModel
from nlu.types import MIN_CONFIDENCE, NluResult, Urgency
from nlu.urgent import DEFAULT_RULE, DangerLexicon, UrgencyRule, decide_urgency, risk_score

# Confidence reported for an URGENT message when the classifier's own emergency probability is lower: the
# evidence (a danger phrase, a plea) is a confident call.
RULE_CONFIDENCE = 0.9


def compose_result(
    text: str,
    ranking: list[tuple[str, float]],
    lexicon: DangerLexicon,
    lang: str | None = None,
    rule: UrgencyRule = DEFAULT_RULE,
) -> NluResult:
    """Shared by both backends: the intent ranking in, the urgency decision (nlu/urgent.py) on top.

    Invariant: intent `emergency` <=> URGENT. An URGENT message is reported as `emergency`; a message that
    is not URGENT but whose top intent was `emergency` gets its next intent, or `out_of_scope` when it is
    out of distribution. Out-of-distribution text the classifier is not confident about is `out_of_scope`.
    """
    probabilities = dict(ranking)
    intent, confidence = ranking[0] if ranking else ("out_of_scope", 0.0)
    signals = lexicon.signals(text)
    p_emergency = probabilities.get("emergency", 0.0)
    decision = decide_urgency(signals, p_emergency, rule)
    if decision.urgency is Urgency.URGENT:
        # Danger now is what `emergency` means; the safety flow takes over.
        intent, confidence = "emergency", max(p_emergency, RULE_CONFIDENCE)
    elif signals.out_of_distribution(rule) and (intent == "emergency" or confidence < MIN_CONFIDENCE):
        # Unlike anything the classifier was trained on: its guess is noise ("saya setuju" -> emergency).
        intent, confidence = "out_of_scope", probabilities.get("out_of_scope", 0.0)
    elif intent == "emergency":
        intent, confidence = next(((i, p) for i, p in ranking if i != "emergency"), ("out_of_scope", 0.0))
    return NluResult(
        text=text,
        intent=intent,
        confidence=confidence,
        urgency=decision.urgency,
        lang=lang or detect_language(text),
        ranking=tuple(ranking[:5]),
        urgent_reasons=decision.reasons,
        risk=risk_score(decision),
    )


class EmbeddedBackend:
    """Loads (or trains) the artefact once; parsing is synchronous and sub-millisecond."""

    def __init__(
        self, classifier: IntentModel, manifest: Manifest | None = None, rule: UrgencyRule = DEFAULT_RULE
    ) -> None:
        self.classifier = classifier
        self.manifest = manifest
        self.rule = rule
        self.lexicon = DangerLexicon(classifier.known_words, classifier.vocabulary)

    @classmethod
    def load(cls, model_dir: pathlib.Path | None = None) -> EmbeddedBackend:
        classifier, manifest = load_or_train(model_dir or default_model_dir())
        return cls(classifier, manifest)

    def parse_sync(self, text: str) -> NluResult:
        text = text if isinstance(text, str) else ""
        return compose_result(text, self.classifier.rank(text), self.lexicon, rule=self.rule)

    async def parse(self, text: str) -> NluResult:
        return self.parse_sync(text)

    async def aclose(self) -> None:
        return None
