"""Splitting long replies for platforms with a per-message length limit (Telegram and WhatsApp: 4,096).

Platforms count UTF-16 code units (an emoji is two), so we measure the same way. A cut falls at the
last paragraph break before the limit, else the last line break, else the last space; only a single
"word" longer than the limit is cut mid-word.
"""

from __future__ import annotations


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _prefix_fitting(text: str, limit: int) -> int:
    """How many code points of ``text`` fit in ``limit`` UTF-16 units."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return index
    return len(text)


def split_text(text: str, limit: int) -> list[str]:
    if limit < 1:
        raise ValueError("limit must be positive")
    parts: list[str] = []
    rest = text.strip()
    while utf16_length(rest) > limit:
        fit = _prefix_fitting(rest, limit)
        # Look for a break within the fitting prefix, including the separator that follows it.
        window = rest[: fit + 1]
        cut = -1
        for separator in ("\n\n", "\n", " "):
            cut = window.rfind(separator)
            if cut > 0:
                break
        if cut <= 0:
            cut = fit
        head, rest = rest[:cut].rstrip(), rest[cut:].strip()
        if head:
            parts.append(head)
    if rest:
        parts.append(rest)
    return parts or [""]


def split_keeping_last_short(text: str, limit: int, last_limit: int) -> list[str]:
    """Like :func:`split_text`, but the final part fits ``last_limit`` (e.g. an interactive body)."""
    parts = split_text(text, limit)
    if utf16_length(parts[-1]) <= last_limit:
        return parts
    return parts[:-1] + split_text(parts[-1], last_limit)
