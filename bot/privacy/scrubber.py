"""Redact personal identifiers from text that leaves the transcript store (logs, exports).

Finds Indonesian phone numbers (+62 / 62 / 08..., landlines with an area code, spaces, dashes or
dots between digits), foreign numbers written with + or 00, numbers after a word such as "hp",
"wa" or "telp", NIK (the 16-digit national id), passport numbers (Indonesian: one letter and seven
digits, "A1234567", "X 1234567"; common foreign shapes; anything after "paspor"/"passport") and
e-mail addresses. Ordinary numbers stay: prices ("Rp 5.000.000"), dates ("12-08-2024"), ages,
years, times, flight numbers ("GA 881"). Measured on tests/privacy/scrubber_corpus.yml.

Patterns are tried most specific first, and each replacement contains no digit, so a later
pattern never matches inside an earlier redaction.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

PHONE = "[PHONE]"
NIK = "[NIK]"
PASSPORT = "[PASSPORT]"
EMAIL = "[EMAIL]"

_SEP = r"(?:\s?[.\-]\s?|\s)?"  # one space, dot or dash (maybe spaced) between digit groups
_DIGIT = rf"(?:\)?{_SEP}\d)"


@dataclass(frozen=True, slots=True)
class _Rule:
    placeholder: str
    pattern: re.Pattern[str]
    group: str | None = None  # redact only this named group (the rest is a keyword that stays)


_RULES = (
    _Rule(EMAIL, re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")),
    # "paspor no. B 1234567", "passport: 123456789": the keyword makes any id-like token a passport.
    _Rule(
        PASSPORT,
        re.compile(
            r"(?i)\b(?:paspor|pasport|passport|passpor|pasprt)\b[\s:.#\-]*(?:(?:no|nomor|nmr|number|nr|num)\b\.?)?"
            r"[\s:.#\-]*(?P<id>[A-Z]{0,2}[\s\-]?\d{6,9}[A-Z]?)(?![\w])"
        ),
        "id",
    ),
    # NIK: 16 digits, contiguous or in 4-4-4-4 / 6-6-4 groups; never part of a longer number.
    _Rule(
        NIK,
        re.compile(
            r"(?<![\d\w])(?:[1-9]\d{15}|[1-9]\d{3}(?P<s>[\s.\-])\d{4}(?P=s)\d{4}(?P=s)\d{4}"
            r"|[1-9]\d{5}[\s.\-]\d{6}[\s.\-]\d{4})(?!\d)"
        ),
    ),
    # Indonesian mobile: 08.. / 628.. / +62 8.. / +62 (0)8.., then 8-11 more digits.
    _Rule(
        PHONE,
        re.compile(rf"(?<![\d+])(?:\(?\+?62\)?{_SEP}(?:\(0\){_SEP})?|\(?0)8{_DIGIT}{{8,11}}(?!\d)"),
    ),
    # International numbers written with + or 00 (employers and relatives abroad).
    _Rule(PHONE, re.compile(rf"(?<![\d\w])(?:\+|00)[1-9]\d{{0,2}}{_SEP}\(?\d{_DIGIT}{{6,12}}(?!\d)")),
    # Indonesian landline with area code: (021) 555-1234, 0561 123456, +62 21 5551234.
    _Rule(
        PHONE,
        re.compile(
            r"(?<![\d\w])(?:\(0[2-9]\d{1,2}\)|0[2-9]\d{1,2})"
            r"[\s.\-]?\d{3,4}[\s.\-]?\d{3,4}(?!\d)"
        ),
    ),
    # Any other long number right after a word that announces a phone number.
    _Rule(
        PHONE,
        re.compile(
            r"(?i)\b(?:hp|handphone|wa|whatsapp|watsap|telp|telpon|telepon|tlp|tel|phone|nomer|nmr|kontak|contact"
            r"|hubungi|call|sms|line|mobile|cell)\b[\s:.#\-]*(?:[^\W\d]+\.?[\s:]+){0,2}"
            r"(?P<number>\+?\d(?:[\s.\-]?\d){7,14})(?!\d)"
        ),
        "number",
    ),
    # Passport without a keyword: Indonesian letter + 7 digits, and common foreign letter/digit shapes.
    _Rule(
        PASSPORT,
        re.compile(
            r"(?<![\w])(?!(?i:rp|no|rt|rw|km|kg|hp)\d)(?:[A-Za-z][\s\-]?\d{7}|[A-Z]{1,2}\d{7,8}[A-Z]?)(?![\w])"
        ),
    ),
)


def scrub(text: str) -> str:
    """``text`` with every phone number, NIK, passport number and e-mail address replaced."""
    if not text:
        return text
    for rule in _RULES:
        text = rule.pattern.sub(_replacer(rule), text)
    return text


def _replacer(rule: _Rule) -> Callable[[re.Match[str]], str]:
    if rule.group is None:
        return lambda _match: rule.placeholder

    def keep_keyword(match: re.Match[str]) -> str:
        start, end = match.span(rule.group)
        whole_start = match.start()
        return match.group(0)[: start - whole_start] + rule.placeholder + match.group(0)[end - whole_start :]

    return keep_keyword


class ScrubFilter(logging.Filter):
    """Logging filter (installed on the handler by ``configure_logging``): scrubs the message, string
    extras and the formatted exception before any record is written anywhere."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = scrub(message)
        if clean != message:
            record.msg, record.args = clean, None
        for key, value in list(record.__dict__.items()):
            if key in _RECORD_FIELDS:
                continue
            if isinstance(value, str):
                setattr(record, key, scrub(value))
        if record.exc_info and record.exc_info[0] is not None:
            # Exception messages often quote the input; format now, scrubbed, as the "exc" field.
            record.exc = scrub(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
            record.exc_text = None
        return True


_RECORD_FIELDS = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}
