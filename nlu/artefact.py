"""The versioned model artefact: the model's arrays plus a JSON manifest that says what built them.

model_dir/
  manifest.json                      -> points at the current model file
  intent-<UTC time>-<data hash>.npz  the IntentModel's arrays (nlu/runtime.py; no pickle)

The app loads it at start-up and retrains when it is missing or stale: another training-data hash or
another feature version. Loading never imports scikit-learn (seconds of start-up); training does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import pathlib
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import version

from nlu.runtime import IntentModel
from nlu.training_data import DATA_DIR, Example, data_hash, load_training_data
from nlu.urgent import known_words

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
# Bump when normalisation or features change: a saved artefact with another version is retrained.
# (Kept here, not in nlu/classifier.py, so that checking it does not import scikit-learn.)
FEATURES_VERSION = "4"  # 4: the artefact is arrays (.npz) instead of a pickle


def default_model_dir() -> pathlib.Path:
    return pathlib.Path.cwd() / "var" / "nlu"


@dataclass(frozen=True, slots=True)
class Manifest:
    model_file: str
    data_hash: str
    sklearn_version: str  # what trained it; informational (arrays, unlike pickles, load anywhere)
    features_version: str
    created: str
    examples: int
    training_seconds: float

    def matches(self, current_hash: str) -> bool:
        return self.data_hash == current_hash and self.features_version == FEATURES_VERSION


def read_manifest(model_dir: pathlib.Path) -> Manifest | None:
    try:
        return Manifest(**json.loads((model_dir / MANIFEST).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def _atomic_write(path: pathlib.Path, write) -> None:  # type: ignore[no-untyped-def]
    # Write beside the target and rename, so a crash or a second process never sees half a file.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(fd)
    try:
        write(pathlib.Path(tmp))
        os.replace(tmp, path)
    finally:
        pathlib.Path(tmp).unlink(missing_ok=True)


def train_model(examples: Sequence[Example], seed: int = 13) -> IntentModel:
    """The model the app runs, trained on ``examples`` (the urgent lexicon's known words included)."""
    from nlu.classifier import IntentClassifier  # scikit-learn: training only

    return IntentClassifier.train(
        [e.text for e in examples], [e.intent for e in examples], known_words=known_words(examples), seed=seed
    ).to_runtime()


def train_artefact(model_dir: pathlib.Path, data_dir: pathlib.Path = DATA_DIR) -> Manifest:
    """Train on nlu/data and save the artefact; returns the new manifest."""
    model_dir.mkdir(parents=True, exist_ok=True)
    current_hash = data_hash(data_dir)
    examples = load_training_data(data_dir)
    started = time.perf_counter()
    runtime = train_model(examples)
    seconds = time.perf_counter() - started
    created = dt.datetime.now(dt.UTC)
    model_file = f"intent-{created:%Y%m%dT%H%M%SZ}-{current_hash[:12]}.npz"
    _atomic_write(model_dir / model_file, runtime.save)
    manifest = Manifest(
        model_file=model_file,
        data_hash=current_hash,
        sklearn_version=version("scikit-learn"),
        features_version=FEATURES_VERSION,
        created=created.isoformat(),
        examples=len(examples),
        training_seconds=round(seconds, 3),
    )
    manifest_json = json.dumps(dataclasses.asdict(manifest), indent=2)
    _atomic_write(model_dir / MANIFEST, lambda p: p.write_text(manifest_json, encoding="utf-8"))
    for old in [*model_dir.glob("intent-*.npz"), *model_dir.glob("intent-*.joblib")]:
        if old.name != model_file:
            old.unlink(missing_ok=True)  # superseded; the manifest no longer points at it
    log.info("nlu: trained %s on %d examples in %.1fs", model_file, len(examples), seconds)
    return manifest


def load_or_train(model_dir: pathlib.Path, data_dir: pathlib.Path = DATA_DIR) -> tuple[IntentModel, Manifest]:
    """The current model, retrained first when missing or stale."""
    manifest = read_manifest(model_dir)
    stale = manifest is None or not manifest.matches(data_hash(data_dir))
    if stale or not (model_dir / manifest.model_file).exists():
        log.info("nlu: model in %s missing or stale, training", model_dir)
        manifest = train_artefact(model_dir, data_dir)
    return IntentModel.load(model_dir / manifest.model_file), manifest
