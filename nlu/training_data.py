"""Read Rasa-format NLU YAML (nlu/data/*.yml, nlu/tests/test_set.yml) into (text, intent) pairs.

Only the parts we use are read: `nlu:` items with `intent:` and an `examples:` block of "- text" lines.
Entity annotations ("[Taiwan](country)") are reduced to their text so Rasa-style data stays usable.
"""

from __future__ import annotations

import hashlib
import pathlib
import re
from dataclasses import dataclass

import yaml

from nlu.types import INTENTS

PACKAGE_DIR = pathlib.Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
TEST_SET = PACKAGE_DIR / "tests" / "test_set.yml"

_ENTITY_RE = re.compile(r"\[([^\]]+)\]\([^)]+\)|\[([^\]]+)\]\{[^}]+\}")


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    intent: str
    source: str  # file name, for error messages and per-language counts


class TrainingDataError(ValueError):
    pass


def _strip_entities(text: str) -> str:
    return _ENTITY_RE.sub(lambda m: m.group(1) or m.group(2), text)


def read_examples(path: pathlib.Path) -> list[Example]:
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    examples: list[Example] = []
    for item in document.get("nlu") or []:
        intent = item.get("intent")
        if intent is None:
            continue  # synonyms, lookups, regexes: not used by the embedded classifier
        if intent not in INTENTS:
            raise TrainingDataError(f"{path.name}: unknown intent {intent!r}")
        for line in str(item.get("examples", "")).splitlines():
            line = line.strip()
            if not line.startswith("- "):
                continue
            text = _strip_entities(line[2:].strip())
            if text:
                examples.append(Example(text, intent, path.name))
    return examples


def data_files(data_dir: pathlib.Path = DATA_DIR) -> list[pathlib.Path]:
    return sorted(p for p in data_dir.glob("*.yml") if p.is_file())


def load_training_data(data_dir: pathlib.Path = DATA_DIR) -> list[Example]:
    examples = [ex for path in data_files(data_dir) for ex in read_examples(path)]
    if not examples:
        raise TrainingDataError(f"no training examples under {data_dir}")
    return examples


def load_test_set(path: pathlib.Path = TEST_SET) -> list[Example]:
    return read_examples(path)


def data_hash(data_dir: pathlib.Path = DATA_DIR) -> str:
    """Content hash of the training data: the artefact is stale when this changes."""
    digest = hashlib.sha256()
    for path in data_files(data_dir):
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()
