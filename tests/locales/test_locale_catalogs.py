"""The gettext catalogs: complete in Indonesian and English, no fuzzy entries, compiled files current,
and the helpers other packages use (translate, N_, number/date formatting)."""

from __future__ import annotations

import shutil
import string
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import locales
from locales import N_, SUPPORTED_LANGUAGES, catalog_paths, format_date, format_datetime, translate
from locales.catalogs import compile_catalogs, extract, gaps, read_catalog


def names(text: str) -> set[str]:
    return {n for _, n, _, _ in string.Formatter().parse(text) if n}


@pytest.fixture(scope="module")
def fresh_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Extract again from today's code and flows, so a string added anywhere must be translated."""
    return extract(tmp_path_factory.mktemp("pot") / "messages.pot")


def test_every_extracted_message_is_translated_in_both_languages(fresh_template: Path) -> None:
    msgids = {str(m.id) for m in read_catalog(fresh_template) if m.id}
    assert len(msgids) > 200
    problems = [f"{g.lang} {g.problem}: {g.msgid[:60]!r}" for g in gaps(msgids)]
    assert not problems, "run `helpline locales extract` and translate:\n" + "\n".join(problems)


def test_extraction_covers_python_of_every_package_and_the_flows(fresh_template: Path) -> None:
    files = {loc[0].split("/")[0] for m in read_catalog(fresh_template) for loc in m.locations}
    assert {"flows", "bot", "handoff", "insights"} <= files
    msgids = {m.id for m in read_catalog(fresh_template)}
    assert "Emergency / Darurat" in msgids  # Python N_()
    assert "Are you in danger right now?" in msgids  # flow YAML


def test_no_fuzzy_entries_and_placeholders_kept() -> None:
    for lang in SUPPORTED_LANGUAGES:
        po_path, _ = catalog_paths(lang)
        for message in read_catalog(po_path, lang):
            if not message.id:
                continue
            assert not message.fuzzy, (lang, message.id)
            assert names(str(message.string)) == names(str(message.id)), (lang, message.id)


def test_compiled_catalogs_are_current(tmp_path: Path) -> None:
    copy = tmp_path / "locales"
    for lang in SUPPORTED_LANGUAGES:
        po_path, _ = catalog_paths(lang)
        (copy / lang / "LC_MESSAGES").mkdir(parents=True)
        shutil.copy(po_path, copy / lang / "LC_MESSAGES" / po_path.name)
    counts = compile_catalogs(copy)
    for lang in SUPPORTED_LANGUAGES:
        assert counts[lang] > 200
        po_path, mo_path = catalog_paths(lang)
        fresh = (copy / lang / "LC_MESSAGES" / mo_path.name).read_bytes()
        if mo_path.exists():  # built by the install (`helpline locales compile`): must match the .po
            assert mo_path.read_bytes() == fresh, f"{mo_path} is stale: run `helpline locales compile`"
            assert mo_path.stat().st_mtime >= po_path.stat().st_mtime


def test_translate_uses_the_catalog_then_falls_back_to_english() -> None:
    locales.reload()
    assert translate("id", "Are you in danger right now?") == "Apakah Anda dalam bahaya sekarang?"
    assert translate("en", "Are you in danger right now?") == "Are you in danger right now?"
    assert (
        translate("id", "A sentence nobody translated, {name}", name="Siti")
        == "A sentence nobody translated, Siti"
    )
    assert translate("fr", "Are you in danger right now?") == "Are you in danger right now?"
    assert (
        translate("su", "Are you in danger right now?") == "Apakah Anda dalam bahaya sekarang?"
    )  # Sundanese
    assert translate("id-ID", "Yes") == "Ya"
    assert N_("Yes") == "Yes"


def test_translate_formats_placeholders_in_each_language() -> None:
    msgid = "For your safety I only talk in private chats. Please message me directly: {link}"
    assert translate("id", msgid, link="t.me/x").endswith("langsung ke saya: t.me/x")
    assert translate("en", msgid, link="t.me/x").endswith("directly: t.me/x")


def test_number_date_and_duration_formatting_follow_the_locale() -> None:
    assert locales.format_number(83216, "id") == "83.216"
    assert locales.format_number(83216, "en") == "83,216"
    assert locales.format_duration_minutes(5, "id") == "5 menit"
    assert locales.format_duration_minutes(5, "en") == "5 minutes"
    assert locales.format_duration_minutes(120, "id") == "2 jam"
    assert format_date(date(2026, 11, 28), "id") == "28 Nov 2026"
    assert format_date(date(2026, 11, 28), "en") == "Nov 28, 2026"
    moment = datetime(2026, 11, 28, 16, 0, tzinfo=UTC)
    assert "23.00" in format_datetime(moment, "id")  # shown in Western Indonesia Time (UTC+7)
    assert "11:00:00" in format_datetime(moment, "en")
