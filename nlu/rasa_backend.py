"""The Rasa backend: intents from a Rasa 3.6 server, urgency and language from us.

`POST {rasa_url}/model/parse {"text": ...}` answers with `intent` and `intent_ranking`; we map that to an
NluResult and apply the same urgent layers as the embedded backend, so switching backends never weakens
the safety gate. If Rasa is down the lexicon still works: the message is parsed as out_of_scope with the
urgent layers applied, and the error is logged.
"""

from __future__ import annotations

import logging

import httpx

from nlu.embedded import compose_result
from nlu.normalise import clean
from nlu.training_data import load_training_data
from nlu.types import INTENTS, NluResult
from nlu.urgent import DangerLexicon, known_words, vocabulary

log = logging.getLogger(__name__)


def ranking_from_rasa(answer: dict[str, object]) -> list[tuple[str, float]]:
    """Rasa's intent_ranking as (intent, confidence), known intents only, best first."""
    ranking: list[tuple[str, float]] = []
    raw = answer.get("intent_ranking") or [answer.get("intent") or {}]
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict):
            continue
        name, confidence = item.get("name"), item.get("confidence")
        if name in INTENTS and isinstance(confidence, int | float):
            ranking.append((str(name), float(confidence)))
    ranking.sort(key=lambda pair: -pair[1])
    return ranking or [("out_of_scope", 0.0)]


class RasaBackend:
    def __init__(
        self, rasa_url: str, *, timeout: float = 5.0, client: httpx.AsyncClient | None = None
    ) -> None:
        self.rasa_url = rasa_url.rstrip("/")
        self._client = client or httpx.AsyncClient(timeout=timeout)
        # Same typo-safe words and in-distribution vocabulary as the embedded backend, from the shared
        # training data (Rasa's own vocabulary is not exposed over HTTP).
        examples = load_training_data()
        self.lexicon = DangerLexicon(known_words(examples), vocabulary(examples))

    async def parse(self, text: str) -> NluResult:
        text = text if isinstance(text, str) else ""
        try:
            response = await self._client.post(f"{self.rasa_url}/model/parse", json={"text": clean(text)})
            response.raise_for_status()
            answer = response.json()
            ranking = ranking_from_rasa(answer if isinstance(answer, dict) else {})
        except (httpx.HTTPError, ValueError) as exc:
            # The urgent lexicon below still runs: a Rasa outage must not silence an emergency.
            log.error("nlu: Rasa parse failed: %s", exc)
            ranking = [("out_of_scope", 0.0)]
        return compose_result(text, ranking, self.lexicon)

    async def aclose(self) -> None:
        await self._client.aclose()
