"""The agency registry: name normalisation, search over SQL, demo seeding, the CSV import."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from typer.testing import CliRunner

from bot.storage.models import Agency, AgencyStatus
from flows.actions import agency_import
from flows.actions.agency_import import CsvHeaderError, import_agencies
from flows.actions.agency_lookup import DEMO_AGENCIES, SqlAgencyDirectory, normalize_name, seed_demo_agencies

GOOD_AND_BAD = """name,status,licence_number,province,city
PT Maju Jaya Abadi,licensed,KEP-100,Jawa Barat,Indramayu
,licensed,KEP-101,Jawa Barat,Cirebon
PT Sinar Terang Sejahtera,dicabut,KEP-102,Nusa Tenggara Barat,Bima
PT Bintang Timur,closed,KEP-103,Kalimantan Barat,Pontianak
PT Karya Samudra,suspended,,Jawa Timur,Surabaya
PT Maju Jaya Abadi,licensed,KEP-100,Jawa Barat,Indramayu
"""


def write(tmp_path: Path, text: str, name: str = "agencies.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


async def names(sessions: async_sessionmaker[AsyncSession]) -> dict[str, tuple[str, bool]]:
    async with sessions() as s:
        return {a.name: (str(a.status), a.is_demo) for a in (await s.scalars(select(Agency))).all()}


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("PT. Maju-Jaya  Abadi, Tbk", "maju jaya abadi"),
        ("P.T. Contoh Demo", "contoh demo"),
        ("pt.majujaya", "majujaya"),
        ("P.T. Karya Int'l", "karya internasional"),
        ("Maju & Jaya", "maju dan jaya"),
        ("CV Maju Jaya", "cv maju jaya"),  # a CV is not a PT: never the same name
        ("PT", "pt"),  # nothing but the legal form: keep it rather than search for nothing
    ],
)
def test_normalize_name(typed: str, normal: str) -> None:
    assert normalize_name(typed) == normal


async def test_seed_inserts_demo_entries_only_into_an_empty_table(
    agency_sessions: async_sessionmaker[AsyncSession],
) -> None:
    assert await seed_demo_agencies(agency_sessions) == len(DEMO_AGENCIES)
    assert await seed_demo_agencies(agency_sessions) == 0
    rows = await names(agency_sessions)
    assert len(rows) == len(DEMO_AGENCIES) and all(demo for _, demo in rows.values())
    assert all("Contoh" in n or "Fiktif" in n for n in rows)  # obviously fictional


async def test_the_demo_entries_are_never_searched(directory: SqlAgencyDirectory) -> None:
    assert await directory.has_demo_entries()
    assert await directory.search("PT Contoh Demo Sejahtera") == []
    found = await directory.lookup("PT Contoh Demo Sejahtera")
    assert not found.available and not found.exact and not found.similar


async def test_search_tolerates_prefixes_typos_and_spacing(
    agency_sessions: async_sessionmaker[AsyncSession], directory: SqlAgencyDirectory, tmp_path: Path
) -> None:
    await import_agencies(agency_sessions, write(tmp_path, GOOD_AND_BAD))
    for typed in ("PT Maju Jaya Abadi", "maju jaya abadii", "PT.MajuJayaAbadi", "pt maju  jaya"):
        hits = await directory.search(typed)
        assert hits and hits[0]["name"] == "PT Maju Jaya Abadi", typed
    assert [h["exact"] for h in await directory.search("PT.MajuJaya Abadi")] == [True]
    assert not (await directory.search("maju jaya abadii"))[0]["exact"]
    assert await directory.search("PT Garuda Nusantara Raya") == []
    assert await directory.search("   ") == []


async def test_import_loads_good_rows_and_reports_bad_ones_by_line(
    agency_sessions: async_sessionmaker[AsyncSession], directory: SqlAgencyDirectory, tmp_path: Path
) -> None:
    assert not (await directory.lookup("maju jaya abadi")).available  # demonstration entries only
    report = await import_agencies(agency_sessions, write(tmp_path, GOOD_AND_BAD))
    assert [line for line, _ in report.errors] == [3, 5, 7]
    assert "name is empty" in report.errors[0][1]
    assert "'closed'" in report.errors[1][1]
    assert "duplicate of line 2" in report.errors[2][1]
    assert (report.added, report.updated, report.demo_removed) == (3, 0, len(DEMO_AGENCIES))
    rows = await names(agency_sessions)
    assert rows == {
        "PT Maju Jaya Abadi": ("licensed", False),
        "PT Sinar Terang Sejahtera": ("revoked", False),
        "PT Karya Samudra": ("suspended", False),
    }
    # The same directory object sees the new list at once (its cache follows the table).
    hits = await directory.search("maju jaya abadi")
    assert hits[0]["name"] == "PT Maju Jaya Abadi" and not hits[0]["is_demo"]
    assert await directory.search("contoh demo sejahtera") == []
    assert not await directory.has_demo_entries()


async def test_reimport_updates_in_place(
    agency_sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    await import_agencies(
        agency_sessions, write(tmp_path, "name,status,licence_number\nPT Maju Jaya,licensed,K-1\n")
    )
    report = await import_agencies(
        agency_sessions, write(tmp_path, "name,status,licence_number\nPT. Maju Jaya,revoked,K-1\n", "v2.csv")
    )
    assert (report.added, report.updated) == (0, 1)
    assert await names(agency_sessions) == {"PT. Maju Jaya": ("revoked", False)}


async def test_semicolons_bom_and_indonesian_status_words(
    agency_sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    text = "\ufeffname;status;province\nPT Satu;aktif;Jawa Barat\nPT Dua;dibekukan;Bali\n"
    report = await import_agencies(agency_sessions, write(tmp_path, text), keep_demo=True)
    assert report.loaded == 2 and not report.errors and report.demo_removed == 0
    rows = await names(agency_sessions)
    assert rows["PT Dua"] == ("suspended", False)


async def test_a_missing_column_loads_nothing(
    agency_sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    await seed_demo_agencies(agency_sessions)
    with pytest.raises(CsvHeaderError, match="line 1: missing required column"):
        await import_agencies(agency_sessions, write(tmp_path, "company,licence\nPT X,1\n"))
    assert len(await names(agency_sessions)) == len(DEMO_AGENCIES)


async def test_indonesian_headers_of_an_export_are_understood(
    agency_sessions: async_sessionmaker[AsyncSession], directory: SqlAgencyDirectory, tmp_path: Path
) -> None:
    text = "Nama P3MI;No. SIP3MI;Status Izin;Provinsi;Kab/Kota;Alamat\nPT Satu Jaya;B.12/2020;Berlaku;Bali;Badung;Jl. X\n"
    report = await import_agencies(agency_sessions, write(tmp_path, text))
    assert report.loaded == 1 and not report.errors
    found = await directory.lookup("no izin B.12/2020")
    assert found.by == "licence" and found.exact[0]["name"] == "PT Satu Jaya"
    assert found.exact[0]["status"] == "licensed" and found.exact[0]["city"] == "Badung"


async def test_two_companies_may_share_a_name(
    agency_sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    text = "name,status,licence_number\nPT Nusa,licensed,K-1\nPT Nusa,revoked,K-2\n"
    report = await import_agencies(agency_sessions, write(tmp_path, text))
    assert (report.added, report.updated) == (2, 0)


async def test_a_failure_mid_import_leaves_the_table_as_it_was(
    agency_sessions: async_sessionmaker[AsyncSession], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await seed_demo_agencies(agency_sessions)
    real = agency_import._existing
    calls = 0

    async def fails_on_third(session: AsyncSession, row: agency_import.AgencyRow) -> Agency | None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("database went away")
        return await real(session, row)

    monkeypatch.setattr(agency_import, "_existing", fails_on_third)
    with pytest.raises(RuntimeError):
        await import_agencies(agency_sessions, write(tmp_path, GOOD_AND_BAD))
    rows = await names(agency_sessions)
    assert len(rows) == len(DEMO_AGENCIES) and all(demo for _, demo in rows.values())


def test_import_command_reports_line_numbers_and_loads_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.cli import agencies_app

    db = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("HELPLINE_DATABASE_URL", f"sqlite+aiosqlite:///{db}")
    monkeypatch.setenv("HELPLINE_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(agencies_app, ["import", str(write(tmp_path, GOOD_AND_BAD))])
    assert result.exit_code == 1, result.output
    assert "agencies.csv:3: name is empty" in result.output
    assert "agencies.csv:5: status 'closed'" in result.output
    assert "loaded 3 (3 new, 0 updated), rejected 3" in result.output
    listed = CliRunner().invoke(agencies_app, ["list"])
    assert listed.exit_code == 0 and "PT Maju Jaya Abadi\tlicensed\tKEP-100" in listed.output

    bad_header = CliRunner().invoke(agencies_app, ["import", str(write(tmp_path, "x,y\n1,2\n", "bad.csv"))])
    assert bad_header.exit_code == 2 and "Nothing was loaded" in bad_header.output


async def test_counts(agency_sessions: async_sessionmaker[AsyncSession]) -> None:
    await seed_demo_agencies(agency_sessions)
    async with agency_sessions() as s:
        assert await s.scalar(select(func.count(Agency.id)).where(Agency.status == AgencyStatus.REVOKED)) == 1
