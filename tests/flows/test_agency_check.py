"""The agency check through the flow runner: only an exact name or licence number says "licensed"."""

from __future__ import annotations

from pathlib import Path

import pytest
from flow_chat import FlowChat
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from typer.testing import CliRunner

from flows.actions.agency_import import import_agencies
from flows.actions.agency_lookup import DEMO_AGENCIES, extract_query
from flows.model import load_contacts

CONTACTS = load_contacts()
# Invented companies standing in for an imported official list. "PT Demo Contoh Mandiri Jaya" is the
# name that "PT Mandiri Jaya" used to be matched to (issue 15): here it is a real imported row.
REGISTRY = """name,status,licence_number,province,city
PT Sinar Jaya Abadi,licensed,KEP-100/2019,Jawa Barat,Indramayu
PT Demo Contoh Mandiri Jaya,licensed,KEP-200,Nusa Tenggara Barat,Mataram
PT. Karya Mandiri,revoked,KEP-300,Jawa Timur,Malang
PT Maju Bersama,suspended,KEP-400,Kalimantan Barat,Pontianak
PT Nusa Kerja,licensed,KEP-501,Jawa Barat,Cirebon
PT Nusa Kerja,revoked,KEP-502,Bali,Denpasar
PT Karya Internasional,licensed,KEP-600,Jawa Tengah,Cilacap
"""


@pytest.fixture
async def official(
    chat: FlowChat, agency_sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> FlowChat:
    """The chat after an official list was imported (which removes the demonstration entries)."""
    path = tmp_path / "siskop2mi.csv"
    path.write_text(REGISTRY, encoding="utf-8")
    report = await import_agencies(agency_sessions, path)
    assert report.loaded == 7 and not report.errors
    await chat.consent()
    return chat


async def ask(chat: FlowChat, typed: str) -> str:
    await chat.press("agency_check")
    await chat.raw_text(typed)
    return chat.said


@pytest.mark.parametrize(
    "typed",
    [
        "PT Sinar Jaya Abadi",
        "pt. sinar-jaya abadi",
        "P.T. SinarJaya Abadi",
        "sinar jaya abadi",
        "PT.SINAR JAYA ABADI",
    ],
)
async def test_an_exact_name_is_licensed(official: FlowChat, typed: str) -> None:
    said = await ask(official, typed)
    assert official.last is not None and official.last.outcome == "agency:licensed", said
    assert "✅ PT Sinar Jaya Abadi" in said and "BERIZIN" in said and "KEP-100/2019" in said
    assert "Indramayu, Jawa Barat" in said and "SISKOP2MI" in said


async def test_a_common_abbreviation_is_the_same_name(official: FlowChat) -> None:
    said = await ask(official, "PT Karya Int'l")
    assert official.last is not None and official.last.outcome == "agency:licensed"
    assert "PT Karya Internasional" in said and "KEP-600" in said


@pytest.mark.parametrize("typed", ["KEP-100/2019", "kep 100/2019", "no izin KEP-100/2019 asli gak?"])
async def test_a_licence_number_is_licensed(official: FlowChat, typed: str) -> None:
    said = await ask(official, typed)
    assert official.last is not None and official.last.outcome == "agency:licensed", said
    assert "PT Sinar Jaya Abadi" in said and "BERIZIN" in said


@pytest.mark.parametrize("language", ["id", "en"])
async def test_a_close_name_is_only_a_suggestion(official: FlowChat, language: str) -> None:
    if language == "en":
        await official.command("lang", "en")
    said = await ask(official, "PT Mandiri Jaya")
    assert official.last is not None and official.last.outcome == "agency:similar"
    assert "PT Demo Contoh Mandiri Jaya" in said and "KEP-200" in said and "SISKOP2MI" in said
    assert "BERIZIN" not in said and "licensed" not in said.lower() and "✅" not in said
    assert ("Apakah maksud Anda" if language == "id" else "Did you mean") in said
    assert CONTACTS["siskop2mi"].value in said
    # The step waits for the licence number from the papers: that one is an exact match.
    assert official.state.step == "similar"
    await official.raw_text("KEP-200")
    assert official.last.outcome == "agency:licensed" and "PT Demo Contoh Mandiri Jaya" in official.said


async def test_a_typo_is_not_an_exact_name(official: FlowChat) -> None:
    said = await ask(official, "PT Sinar Jaya Abadii")
    assert official.last is not None and official.last.outcome == "agency:similar"
    assert "PT Sinar Jaya Abadi" in said and "BERIZIN" not in said


async def test_a_cv_is_not_the_pt_of_the_same_name(official: FlowChat) -> None:
    await ask(official, "CV Maju Bersama")
    assert official.last is not None and official.last.outcome == "agency:similar"


async def test_two_companies_with_one_name_are_told_apart_by_licence_number(official: FlowChat) -> None:
    said = await ask(official, "PT Nusa Kerja")
    assert official.last is not None and official.last.outcome == "agency:similar"
    assert "KEP-501" in said and "KEP-502" in said
    assert "BERIZIN" not in said and "DICABUT" not in said


async def test_an_unknown_name_is_not_found(official: FlowChat) -> None:
    said = await ask(official, "PT Garuda Nusantara Raya")
    assert official.last is not None and official.last.outcome == "agency:not_found"
    assert '"PT Garuda Nusantara Raya"' in said and "SISKOP2MI" in said


@pytest.mark.parametrize(
    ("sentence", "outcome", "shown"),
    [
        ("agensi PT Sinar Jaya Abadi resmi gak ya kak?", "agency:licensed", "PT Sinar Jaya Abadi"),
        ("cek pt maju bersama", "agency:suspended", "PT Maju Bersama"),
        ("apakah PT. Karya Mandiri terdaftar?", "agency:revoked", "PT. Karya Mandiri"),
    ],
)
async def test_the_name_is_taken_out_of_a_question(
    official: FlowChat, sentence: str, outcome: str, shown: str
) -> None:
    # Asked straight away (the NLU says agency_check) ...
    await official.text(sentence, "agency_check")
    assert official.last is not None and official.last.outcome == outcome, official.said
    assert shown in official.said
    # ... and typed as the answer to "Which company?"
    await ask(official, sentence)
    assert official.last.outcome == outcome


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("agensi PT Sinar Jaya Abadi resmi gak ya kak?", "PT Sinar Jaya Abadi"),
        ("cek pt maju bersama", "PT Maju Bersama"),
        ("apakah PT. Karya Mandiri terdaftar?", "PT Karya Mandiri"),
        ("PT Sinar Jaya di Indramayu resmi?", "PT Sinar Jaya"),
        ("halo kak, mau tanya sinar jaya abadi resmi gak", "Sinar Jaya Abadi"),
        ("KEP-100/2019", "KEP-100/2019"),
        ("nomor izin: KEP 100/2019", "KEP 100/2019"),
    ],
)
def test_extract_query(sentence: str, name: str) -> None:
    assert extract_query(sentence).name == name


def test_extract_query_finds_licence_numbers() -> None:
    assert "kep1002019" in extract_query("no izin saya KEP 100/2019 asli ga?").licences
    assert extract_query("PT 3 Putra").licences == ("pt3putra",)  # a lone "3" is no licence number


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("typed", ["PT Mandiri Jaya", "contoh demo sejahtra", "KEP-100", "pt fiktif demo"])
async def test_with_only_the_demo_list_nothing_is_checked_and_the_official_way_is_given(
    chat: FlowChat, typed: str, language: str
) -> None:
    await chat.consent()
    if language == "en":
        await chat.command("lang", "en")
    said = await ask(chat, typed)
    assert chat.last is not None and chat.last.outcome == "agency:unavailable", said
    for name, licence, _, _ in DEMO_AGENCIES:
        assert name not in said and licence not in said
    for word in ("BERIZIN", "DIBEKUKAN", "DICABUT", "✅", "Did you mean", "maksud Anda"):
        assert word not in said
    assert ("belum bisa cek" if language == "id" else "I cannot check") in said
    for key in ("siskop2mi", "kp2mi_crisis", "kp2mi_crisis_abroad", "kp2mi_whatsapp"):
        assert CONTACTS[key].value in said, key
    assert "Disnaker" in said


def test_import_with_missing_columns_is_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.cli import agencies_app

    monkeypatch.setenv("HELPLINE_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("HELPLINE_DATA_DIR", str(tmp_path))
    bad = tmp_path / "export.csv"
    bad.write_text("Nama Perusahaan,Alamat\nPT X,Jl. Y\n", encoding="utf-8")
    result = CliRunner().invoke(agencies_app, ["import", str(bad)])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "missing required column(s) status" in lines[0] and "Nothing was loaded" in lines[0]
    assert "Traceback" not in result.output

    latin = tmp_path / "latin.csv"
    latin.write_bytes("name,status\nPT Jaya Ab\xe9,aktif\n".encode("latin-1"))
    result = CliRunner().invoke(agencies_app, ["import", str(latin)])
    assert result.exit_code == 2 and "not UTF-8" in result.output and "Traceback" not in result.output

    help_text = CliRunner().invoke(agencies_app, ["import", "--help"]).output
    for column in ("name", "status", "licence_number", "province", "city", "source", "SISKOP2MI"):
        assert column in help_text
