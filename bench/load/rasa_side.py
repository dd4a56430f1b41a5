"""The Rasa 3.6 side of the load benchmark: a minimal assistant trained on this project's NLU data.

Rasa's REST channel only answers when the model has a domain with responses and dialogue rules, so
this builds them at bench time in a temporary folder (never committed): one ``utter_<intent>`` per
intent of ``nlu.types.INTENTS`` and one rule "intent -> utter". The NLU pipeline is the project's
``nlu/rasa/config.yml`` with DIET's epochs lowered (``--rasa-epochs``): training time does not change
what one parse costs at inference, which is what the benchmark measures.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
RASA_BIN = REPO / ".rasa-venv" / "bin" / "rasa"
NLU_CONFIG = REPO / "nlu" / "rasa" / "config.yml"
NLU_DATA = REPO / "nlu" / "data"
sys.path.insert(0, str(REPO))

from nlu.types import INTENTS  # noqa: E402


def write_project(workdir: Path, epochs: int) -> Path:
    """Domain, rules and config for a REST-answering assistant; returns the project folder."""
    project = workdir / "rasa-project"
    (project / "data").mkdir(parents=True, exist_ok=True)
    config = yaml.safe_load(NLU_CONFIG.read_text(encoding="utf-8"))
    for component in config["pipeline"]:
        if component.get("name") == "DIETClassifier":
            component["epochs"] = epochs
    config["policies"] = [{"name": "RulePolicy", "core_fallback_threshold": 0.0}]
    (project / "config.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    domain = {
        "version": "3.1",
        "intents": list(INTENTS),
        "responses": {f"utter_{i}": [{"text": f"[{i}] jawaban"}] for i in INTENTS},
        "session_config": {"session_expiration_time": 60, "carry_over_slots_to_new_session": True},
    }
    (project / "domain.yml").write_text(yaml.safe_dump(domain, sort_keys=False), encoding="utf-8")
    rules = {
        "version": "3.1",
        "rules": [
            {"rule": f"answer {i}", "steps": [{"intent": i}, {"action": f"utter_{i}"}]} for i in INTENTS
        ],
    }
    (project / "data" / "rules.yml").write_text(yaml.safe_dump(rules, sort_keys=False), encoding="utf-8")
    for source in NLU_DATA.glob("*.yml"):
        shutil.copy(source, project / "data" / f"nlu_{source.name}")
    return project


def train(project: Path, log: Path) -> tuple[Path, float]:
    """``rasa train`` (NLU + rules); returns the model archive and the training seconds."""
    started = time.perf_counter()
    with log.open("wb") as out:
        subprocess.run(
            [
                str(RASA_BIN),
                "train",
                "--config",
                "config.yml",
                "--domain",
                "domain.yml",
                "--data",
                "data",
                "--out",
                "models",
                "--fixed-model-name",
                "bench",
            ],
            cwd=project,
            check=True,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
        )
    return project / "models" / "bench.tar.gz", time.perf_counter() - started


def serve_command(model: Path, port: int) -> list[str]:
    return [
        str(RASA_BIN),
        "run",
        "--model",
        str(model),
        "--port",
        str(port),
        "--interface",
        "127.0.0.1",
        "--enable-api",
    ]


if __name__ == "__main__":  # train only: python bench/load/rasa_side.py WORKDIR [EPOCHS]
    folder = write_project(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 5)
    model, seconds = train(folder, folder / "train.log")
    print(f"{model} trained in {seconds:.0f}s")
