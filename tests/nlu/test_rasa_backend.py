"""The Rasa backend: Rasa's answer mapped to NluResult, our urgent layers on top, Rasa outages survived."""

from __future__ import annotations

import json
import os

import httpx
import pytest

from nlu.rasa.train import DOMAIN, domain_yaml
from nlu.rasa_backend import RasaBackend, ranking_from_rasa
from nlu.types import INTENTS, Urgency


def _rasa_answer(text: str, intent: str, confidence: float) -> dict[str, object]:
    # The shape of Rasa 3.6's POST /model/parse answer.
    return {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": [],
        "intent_ranking": [
            {"name": intent, "confidence": confidence},
            {"name": "greet", "confidence": 1 - confidence},
            {"name": "nlu_fallback", "confidence": 0.0},
        ],
    }


def _backend(handler) -> RasaBackend:  # type: ignore[no-untyped-def]
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return RasaBackend("http://rasa.test:5005/", client=client)


async def test_maps_rasa_answer_and_posts_text_to_model_parse() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=_rasa_answer("x", "documents", 0.93))

    backend = _backend(handler)
    result = await backend.parse("dokumen apa aja buat ke taiwan")
    await backend.aclose()
    assert seen[0].method == "POST" and seen[0].url.path == "/model/parse"
    assert json.loads(seen[0].content) == {"text": "dokumen apa aja buat ke taiwan"}
    assert (result.intent, result.confidence) == ("documents", 0.93)
    assert (result.urgency, result.lang) == (Urgency.NONE, "id")
    assert all(name in INTENTS for name, _ in result.ranking)


async def test_lexicon_raises_the_alarm_even_when_rasa_disagrees() -> None:
    backend = _backend(lambda request: httpx.Response(200, json=_rasa_answer("x", "greet", 0.99)))
    result = await backend.parse("abdi dikonci ku majikan, teu tiasa kaluar")
    await backend.aclose()
    assert result.urgent and result.intent == "emergency" and result.lang == "su"


async def test_rasa_down_still_parses_and_still_catches_danger() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    backend = _backend(handler)
    calm, danger = await backend.parse("halo kak"), await backend.parse("SOS")
    await backend.aclose()
    assert calm.intent == "out_of_scope" and not calm.urgent
    assert danger.urgent


def test_ranking_ignores_unknown_intents_and_bad_items() -> None:
    ranking = [{"name": "nlu_fallback", "confidence": 0.9}, "junk", {"name": "visa", "confidence": 0.4}]
    answer = {"intent_ranking": ranking}
    assert ranking_from_rasa(answer) == [("visa", 0.4)]
    assert ranking_from_rasa({}) == [("out_of_scope", 0.0)]


def test_generated_domain_lists_every_intent() -> None:
    assert DOMAIN.read_text(encoding="utf-8") == domain_yaml()


@pytest.mark.rasa
async def test_against_a_real_rasa_server() -> None:
    url = os.environ.get("HELPLINE_TEST_RASA_URL")
    if not url:
        pytest.skip("HELPLINE_TEST_RASA_URL not set: no Rasa server to test against")
    backend = RasaBackend(url, timeout=30)
    try:
        documents = await backend.parse("syarat dokumen kerja ke taiwan apa saja")
        danger = await backend.parse("tolong saya dikurung majikan")
    finally:
        await backend.aclose()
    assert documents.intent == "documents" and not documents.urgent
    assert danger.intent == "emergency" and danger.urgent
