from __future__ import annotations

import pytest

from nlu.normalise import MAX_CHARS, clean, normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("sy mw krj k taiwan, dokumennya apa aj", "saya mau kerja ke taiwan dokumennya apa saja"),
        ("gmn caranya? tlg dong", "bagaimana caranya tolong dong"),
        ("TOLOOONG", "tolong"),
        ("luka2 di tangan", "luka luka di tangan"),
        ("ciri2nya apa", "ciri cirinya apa"),
        ("i'm stuck rn", "i am stuck right now"),
    ],
)
def test_chat_spelling_is_normalised(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_clean_removes_control_and_format_characters() -> None:
    assert clean("to\x00long\u200b saya\x1b[31m") == "to long saya [31m"


def test_clean_bounds_the_length_and_accepts_non_strings() -> None:
    assert len(clean("a" * 100_000)) <= 2 * MAX_CHARS + 16
    assert clean(None) == ""
    assert clean(42) == "42"
