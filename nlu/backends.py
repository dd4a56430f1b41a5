"""The one place the app chooses an NLU backend (HELPLINE_NLU_BACKEND = embedded | rasa)."""

from __future__ import annotations

import pathlib

from nlu.embedded import EmbeddedBackend
from nlu.rasa_backend import RasaBackend
from nlu.types import NluBackend

__all__ = ["EmbeddedBackend", "RasaBackend", "build_backend"]


def build_backend(
    kind: str = "embedded", *, rasa_url: str | None = None, model_dir: pathlib.Path | None = None
) -> NluBackend:
    """Called once at start-up. "embedded" loads the artefact from model_dir (default ./var/nlu),
    training it first when missing or stale; "rasa" needs rasa_url."""
    if kind == "embedded":
        return EmbeddedBackend.load(model_dir)
    if kind == "rasa":
        if not rasa_url:
            raise ValueError("the rasa NLU backend needs a Rasa URL (HELPLINE_RASA_URL)")
        return RasaBackend(rasa_url)
    raise ValueError(f"unknown NLU backend {kind!r}: use 'embedded' or 'rasa'")
