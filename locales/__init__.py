"""User-facing strings: gettext catalogs in ``locales/<lang>/LC_MESSAGES/messages.po``, English msgids.

Every package writes its English text as the msgid and calls :func:`translate`; ``pybabel extract``
(``helpline locales extract``) collects them with the flow YAML. Catalogs are loaded from the compiled
``.mo`` when it is at least as new as the ``.po``, otherwise straight from the ``.po`` so a forgotten
compile never shows stale text (a test also checks the compiled files are current).
"""

from __future__ import annotations

import gettext
import logging
import threading
from datetime import date, datetime, timedelta
from pathlib import Path

from babel.dates import format_date as _babel_format_date
from babel.dates import format_datetime as _babel_format_datetime
from babel.dates import format_timedelta, get_timezone
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

SUPPORTED_LANGUAGES: tuple[str, ...] = ("id", "en")
DEFAULT_LANGUAGE = "id"
SOURCE_LANGUAGE = "en"
LOCALES_DIR = Path(__file__).parent
DOMAIN = "messages"

# Regional languages our users mix with Indonesian: they read Indonesian, so answer in Indonesian.
_INDONESIAN_READERS = frozenset({"id", "in", "su", "jv", "ms", "sas", "bjn", "bug", "mad", "min", "ban"})

log = logging.getLogger(__name__)
_catalogs: dict[str, dict[str, str]] = {}
_lock = threading.Lock()


def N_(message: str) -> str:
    """Mark a string for extraction without translating it (translate later with :func:`translate`)."""
    return message


def normalize_language(lang: str | None) -> str:
    """Map any language code ("id-ID", "su", "EN_us") to one of :data:`SUPPORTED_LANGUAGES`."""
    if not lang:
        return DEFAULT_LANGUAGE
    base = lang.replace("_", "-").split("-", 1)[0].lower()
    if base in SUPPORTED_LANGUAGES:
        return base
    return "id" if base in _INDONESIAN_READERS else SOURCE_LANGUAGE


def catalog_paths(lang: str) -> tuple[Path, Path]:
    folder = LOCALES_DIR / lang / "LC_MESSAGES"
    return folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"


def _load(lang: str) -> dict[str, str]:
    po_path, mo_path = catalog_paths(lang)
    if mo_path.exists() and (not po_path.exists() or mo_path.stat().st_mtime >= po_path.stat().st_mtime):
        with mo_path.open("rb") as fh:
            translations = gettext.GNUTranslations(fh)
        return {k: v for k, v in translations._catalog.items() if isinstance(k, str) and k and v}
    if not po_path.exists():
        return {}
    log.info("locales: %s has no current compiled catalog; reading %s", lang, po_path.name)
    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    # Same rule as compilation: fuzzy and empty translations are not used.
    return {
        m.id: m.string
        for m in catalog
        if m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string and not m.fuzzy
    }


def catalog(lang: str) -> dict[str, str]:
    """The msgid -> text mapping for ``lang`` (loaded once, see :func:`reload`)."""
    lang = normalize_language(lang)
    found = _catalogs.get(lang)
    if found is None:
        with _lock:
            found = _catalogs.get(lang)
            if found is None:
                found = _catalogs[lang] = _load(lang)
    return found


def reload() -> None:
    """Forget loaded catalogs (after `helpline locales compile`, or in tests)."""
    with _lock:
        _catalogs.clear()


def has_translation(lang: str, msgid: str) -> bool:
    return msgid in catalog(lang)


def translate(lang: str, msgid: str, **params: object) -> str:
    """``msgid`` in ``lang`` ("id"/"en"), English when untranslated, then ``.format(**params)``."""
    text = catalog(lang).get(msgid) or catalog(SOURCE_LANGUAGE).get(msgid) or msgid
    if not params:
        return text
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        # A translator's typo in a placeholder must not crash a conversation: use the English source.
        log.warning("locales: bad placeholders in %s translation of %r", lang, msgid)
        return msgid.format(**params)


def _babel_locale(lang: str) -> str:
    return normalize_language(lang)


def format_number(number: float | int, lang: str) -> str:
    """83216 -> "83.216" (id) / "83,216" (en)."""
    return format_decimal(number, locale=_babel_locale(lang))


def format_duration_minutes(minutes: float, lang: str) -> str:
    """A duration for users: 5 -> "5 menit" / "5 minutes"; 90 -> "2 jam" / "2 hours" (rounded)."""
    return format_timedelta(timedelta(minutes=minutes), locale=_babel_locale(lang), threshold=1.5)


def format_date(value: date, lang: str) -> str:
    """28 Nov 2026 -> "28 Nov 2026" (id) / "Nov 28, 2026" (en)."""
    return _babel_format_date(value, format="medium", locale=_babel_locale(lang))


def format_datetime(value: datetime, lang: str, tzinfo: str = "Asia/Jakarta") -> str:
    """A moment shown in the user's locale and, by default, Western Indonesia time."""
    zone = get_timezone(tzinfo)
    return _babel_format_datetime(value, format="medium", tzinfo=zone, locale=_babel_locale(lang))


__all__ = [
    "DEFAULT_LANGUAGE",
    "N_",
    "SUPPORTED_LANGUAGES",
    "catalog",
    "format_date",
    "format_datetime",
    "format_duration_minutes",
    "format_number",
    "has_translation",
    "normalize_language",
    "reload",
    "translate",
]
