"""The urgent detector: every layer raises the alarm on its own; past or prevention framing does not."""

from __future__ import annotations

import pytest

from nlu.embedded import EmbeddedBackend
from nlu.types import Urgency
from nlu.urgent import DangerLexicon, decide_urgency

URGENT_MESSAGES = [
    "tolong",
    "SOS",
    "tolooong!!",
    "help me",
    "sy dikunci di kamar sm majikan",
    "saya disekp majikan",  # typo
    "dipukulin majikan tiap hari",
    "paspor saya ditahan agen dan saya tidak boleh keluar",
    "anak saya disekap di kamboja, disuruh menipu orang",
    "majikan mengancam mau membunuh saya",
    "saya mau bunuh diri",
    "kabur dari majikan, tidur di jalan, ga punya uang",
    "my employer locked me in and took my passport",
    "I want to kill myself",
    "they sold her to a brothel",
    "the agents want ransom for my brother",
    "abdi digebugan ku majikan",
    "aku dikunci neng omah majikan, ora iso metu",
    "saya kena pukul majikan, tak boleh keluar",
    "tulung, tiang ndek bau lalo",
]

NOT_URGENT_MESSAGES = [
    "dulu teman saya pernah disekap, gimana cara nyegahnya",
    "adik saya tahun lalu dipukul majikan, sekarang sudah pulang, mau lapor",
    "apa itu kerja paksa?",
    "ciri2 perdagangan orang apa saja",
    "sy mw krj k taiwan, dokumennya apa aj",
    "my brother wants to work in korea, what documents does he need",
    "visa saya tidak bisa keluar, kenapa ya",
    "saya mau kerja ke luar negeri",
    "how do I avoid being trafficked",
    "my cousin was held captive last year, she is safe now, who do we report to",
]


@pytest.mark.parametrize("text", URGENT_MESSAGES)
def test_danger_now_is_urgent(embedded: EmbeddedBackend, text: str) -> None:
    result = embedded.parse_sync(text)
    assert result.urgency is Urgency.URGENT, result.urgent_reasons
    assert result.intent == "emergency"
    assert result.urgent_reasons


@pytest.mark.parametrize("text", NOT_URGENT_MESSAGES)
def test_past_prevention_and_ordinary_questions_are_not_urgent(embedded: EmbeddedBackend, text: str) -> None:
    result = embedded.parse_sync(text)
    assert result.urgency is not Urgency.URGENT, (result.intent, result.urgent_reasons)
    assert result.intent != "emergency"


def test_a_past_event_alone_asks_whether_there_is_danger_now() -> None:
    # The person's own past is worth "are you in danger now?"; a friend's past is ordinary conversation.
    own = decide_urgency(DangerLexicon().signals("saya pernah dipukul majikan"), 0.0)
    assert own.urgency is Urgency.POSSIBLE and "framing:not-now" in own.reasons
    friend = decide_urgency(DangerLexicon().signals("teman saya dulu pernah dipukul majikan"), 0.0)
    assert friend.urgency is Urgency.NONE


def test_in_between_signal_is_possible(embedded: EmbeddedBackend) -> None:
    # A held passport is an abuse sign but not yet a crisis: the engine asks "are you in danger now?".
    result = DangerLexicon().signals("paspor saya dipegang majikan")
    assert result.possible_hits and not result.urgent_hits
    decision = decide_urgency(result, 0.0)
    assert decision.urgency is Urgency.POSSIBLE


def test_present_tense_beats_past_framing() -> None:
    signals = DangerLexicon().signals("dulu saya berangkat lewat calo, sekarang saya dikurung majikan")
    decision = decide_urgency(signals, 0.0)
    assert decision.urgency is Urgency.URGENT


def test_known_words_are_not_corrected_into_danger_words() -> None:
    lexicon = DangerLexicon(frozenset({"brother"}))
    assert not lexicon.signals("my brother is sick").urgent_hits
    assert lexicon.signals("they sold me to a brothl").urgent_hits  # a typo still matches


def test_emergency_intent_always_means_urgent(embedded: EmbeddedBackend) -> None:
    from nlu.training_data import load_test_set

    for example in load_test_set():
        result = embedded.parse_sync(example.text)
        if result.intent == "emergency":
            assert result.urgency is Urgency.URGENT, example.text
