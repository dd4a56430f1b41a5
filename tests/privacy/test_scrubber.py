"""The scrubber on a corpus of real-shaped lines, and on every log line the app writes."""

from __future__ import annotations

import io
import json
import logging
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from bot.observability import configure_logging
from bot.privacy.scrubber import EMAIL, NIK, PASSPORT, PHONE, scrub

CORPUS = yaml.safe_load((Path(__file__).parent / "scrubber_corpus.yml").read_text(encoding="utf-8"))
PLACEHOLDERS = (PHONE, NIK, PASSPORT, EMAIL)


def placeholders(text: str) -> Counter[str]:
    return Counter({p: text.count(p) for p in PLACEHOLDERS if p in text})


def test_the_corpus_is_big_enough_and_covers_every_kind() -> None:
    assert len(CORPUS) >= 100
    expected = sum((placeholders(c["expected"]) for c in CORPUS), Counter())
    assert all(expected[p] >= 10 for p in PLACEHOLDERS), expected
    ordinary = [c for c in CORPUS if c["text"] == c["expected"]]
    assert len(ordinary) >= 40


def test_recall_is_at_least_99_percent() -> None:
    found = missed = 0
    misses = []
    for case in CORPUS:
        want, got = placeholders(case["expected"]), placeholders(scrub(case["text"]))
        hit = sum(min(n, got[p]) for p, n in want.items())
        found += hit
        if hit < sum(want.values()):
            missed += sum(want.values()) - hit
            misses.append(case["text"])
    assert found / (found + missed) >= 0.99, misses


def test_ordinary_numbers_are_never_redacted() -> None:
    wrong = [
        (c["text"], scrub(c["text"]))
        for c in CORPUS
        if c["text"] == c["expected"] and scrub(c["text"]) != c["text"]
    ]
    assert wrong == []


def test_no_extra_redactions_and_the_rest_of_the_line_is_kept() -> None:
    different = [
        (c["text"], scrub(c["text"]), c["expected"]) for c in CORPUS if scrub(c["text"]) != c["expected"]
    ]
    assert len(different) <= len(CORPUS) // 100, different


@pytest.mark.parametrize("value", ["", "tanpa angka", "Rp 5.000.000"])
def test_text_without_identifiers_is_returned_unchanged(value: str) -> None:
    assert scrub(value) == value


@pytest.fixture
def json_log():
    """configure_logging as the app calls it, its handler writing to a buffer; restored afterwards."""
    root = logging.getLogger()
    saved, level = root.handlers[:], root.level
    configure_logging("DEBUG")
    buffer = io.StringIO()
    root.handlers[0].setStream(buffer)  # type: ignore[attr-defined]
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    root.handlers[:] = saved
    root.setLevel(level)


def test_log_lines_are_scrubbed_message_extras_and_exceptions(json_log) -> None:
    log = logging.getLogger("helpline.test")
    log.info("user %s wrote from %s", "siti.aminah92@gmail.com", "0812-3456-7890")
    log.warning("lookup failed", extra={"query": "paspor A1234567", "conversation": 17})
    try:
        raise ValueError("bad NIK 3201234567890001")
    except ValueError:
        log.exception("could not parse")
    lines = json_log()
    text = json.dumps(lines)
    for secret in ("siti.aminah92", "3456-7890", "A1234567", "3201234567890001"):
        assert secret not in text
    assert lines[0]["event"] == f"user {EMAIL} wrote from {PHONE}"
    assert lines[1]["query"] == f"paspor {PASSPORT}" and lines[1]["conversation"] == 17
    assert f"bad NIK {NIK}" in lines[2]["exc"]
    assert sys.exc_info() == (None, None, None)
