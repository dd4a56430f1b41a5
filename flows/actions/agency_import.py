"""`helpline agencies import FILE.csv`: load the official list of placement companies (P3MI).

The official list is KP2MI's SISKOP2MI (siskop2mi.bp2mi.go.id): for each licensed placement company it
shows the company name, the SIP3MI licence number, the licence status and the head office (province,
city). Save that list (an export, or a copy of its table) as CSV with a header row, one company a line:

=================  ========  ==========================================================================
column             required  meaning (headers also accepted)
=================  ========  ==========================================================================
``name``           yes       company name as registered, "PT Maju Jaya Abadi" (nama, nama_p3mi,
                             nama_perusahaan, perusahaan)
``status``         yes       licensed / suspended / revoked; also aktif, berizin, berlaku, dibekukan,
                             skorsing, dicabut (status_izin, keterangan)
``licence_number`` no        the SIP3MI licence number; the key for updates, and what people can send
                             to be checked exactly (license_number, no_izin, nomor_izin, no_sip3mi,
                             nomor_sip3mi, sip3mi)
``province``       no        province of the head office (provinsi)
``city``           no        city or district (kota, kabupaten_kota, kab_kota)
``source``         no        where the row comes from; default "Imported from <file>" (sumber)
=================  ========  ==========================================================================

Headers are matched without case, spaces, dots or slashes ("No. SIP3MI" = ``no_sip3mi``); other columns
are ignored. Comma or semicolon separated, UTF-8 with or without BOM (Excel: "CSV UTF-8"). A file without
``name`` or ``status`` is refused with one line naming what is missing, and nothing is loaded.

A row matches an existing company by licence number, else by normalised name (among rows without a
licence number: two companies may share a name), and is updated in place.
Bad rows are reported with their line number; the good rows are written in one transaction, so a crash
or a database error leaves the table as it was. The first real import removes the shipped demonstration
entries (``keep_demo`` keeps them; lookups never use them either way).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.db import transaction
from bot.storage.models import Agency, AgencyStatus
from flows.actions.agency_lookup import normalize_name

REQUIRED_COLUMNS = ("name", "status")
OPTIONAL_COLUMNS = ("licence_number", "province", "city", "source")
STATUS_WORDS: dict[str, AgencyStatus] = {
    "licensed": AgencyStatus.LICENSED,
    "active": AgencyStatus.LICENSED,
    "aktif": AgencyStatus.LICENSED,
    "berizin": AgencyStatus.LICENSED,
    "suspended": AgencyStatus.SUSPENDED,
    "dibekukan": AgencyStatus.SUSPENDED,
    "skorsing": AgencyStatus.SUSPENDED,
    "revoked": AgencyStatus.REVOKED,
    "berlaku": AgencyStatus.LICENSED,
    "dicabut": AgencyStatus.REVOKED,
}
HEADER_ALIASES: dict[str, str] = {
    **{h: "name" for h in ("nama", "nama_p3mi", "nama_perusahaan", "perusahaan", "company", "company_name")},
    **{h: "status" for h in ("status_izin", "keterangan", "licence_status", "license_status")},
    **{
        h: "licence_number"
        for h in (
            "license_number",
            "licence",
            "license",
            "no_izin",
            "nomor_izin",
            "no_sip3mi",
            "nomor_sip3mi",
            "sip3mi",
        )
    },
    "provinsi": "province",
    **{h: "city" for h in ("kota", "kabupaten_kota", "kab_kota", "kabupaten")},
    "sumber": "source",
}
MAX_LENGTHS = {"name": 200, "licence_number": 80, "province": 80, "city": 80}


@dataclass(slots=True)
class ImportReport:
    added: int = 0
    updated: int = 0
    demo_removed: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, what is wrong)

    @property
    def loaded(self) -> int:
        return self.added + self.updated


@dataclass(frozen=True, slots=True)
class AgencyRow:
    line: int
    name: str
    status: AgencyStatus
    licence_number: str | None
    province: str | None
    city: str | None
    source: str


class CsvHeaderError(ValueError):
    """The file cannot be read at all (no header, a required column missing)."""


def parse_rows(text: str, default_source: str) -> tuple[list[AgencyRow], list[tuple[int, str]]]:
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [_column(h) for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        found = ", ".join(h for h in (reader.fieldnames or []) if h.strip()) or "no header row"
        raise CsvHeaderError(
            f"line 1: missing required column(s) {', '.join(missing)} (found: {found}); "
            f"needed: {', '.join(REQUIRED_COLUMNS)}, optional: {', '.join(OPTIONAL_COLUMNS)}"
        )
    reader.fieldnames = header
    rows: list[AgencyRow] = []
    errors: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for raw in reader:
        line = reader.line_num
        values = {k: (v or "").strip() for k, v in raw.items() if k is not None and isinstance(v, str)}
        if None in raw:
            errors.append((line, "more fields than columns in the header"))
            continue
        problem = _row_problem(values, seen)
        if problem:
            errors.append((line, problem))
            continue
        key = values.get("licence_number") or normalize_name(values["name"])
        seen[key] = line
        rows.append(
            AgencyRow(
                line=line,
                name=values["name"],
                status=STATUS_WORDS[values["status"].lower()],
                licence_number=values.get("licence_number") or None,
                province=values.get("province") or None,
                city=values.get("city") or None,
                source=values.get("source") or default_source,
            )
        )
    return rows, errors


def _column(header: str) -> str:
    """ "No. SIP3MI" -> "licence_number"; unknown headers come back tidied and are ignored."""
    tidy = re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")
    return HEADER_ALIASES.get(tidy, tidy)


def _row_problem(values: dict[str, str], seen: dict[str, int]) -> str | None:
    if not values.get("name"):
        return "name is empty"
    if not normalize_name(values["name"]):
        return f"name {values['name']!r} has no letters or digits"
    status = values.get("status", "").lower()
    if status not in STATUS_WORDS:
        return f"status {values.get('status')!r} is not one of licensed, suspended, revoked"
    for column, limit in MAX_LENGTHS.items():
        if len(values.get(column, "")) > limit:
            return f"{column} is longer than {limit} characters"
    key = values.get("licence_number") or normalize_name(values["name"])
    if key in seen:
        return f"duplicate of line {seen[key]}"
    return None


async def _existing(session: AsyncSession, row: AgencyRow) -> Agency | None:
    if row.licence_number:
        found = await session.scalar(
            select(Agency).where(Agency.licence_number == row.licence_number, Agency.is_demo.is_(False))
        )
        if found is not None:
            return found
    # By name only among rows without a licence number: two companies may share a name.
    same_name = select(Agency).where(
        Agency.normalized_name == normalize_name(row.name), Agency.is_demo.is_(False)
    )
    if row.licence_number:
        same_name = same_name.where(Agency.licence_number.is_(None))
    return await session.scalar(same_name.limit(1))


async def import_agencies(
    session_factory: async_sessionmaker[AsyncSession],
    path: Path,
    *,
    keep_demo: bool = False,
) -> ImportReport:
    """Load ``path``; raises :class:`CsvHeaderError` (nothing written) when the header is unusable."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise CsvHeaderError(f'not UTF-8 text (byte {err.start}); save it as "CSV UTF-8"') from None
    rows, errors = parse_rows(text, default_source=f"Imported from {path.name}")
    report = ImportReport(errors=errors)
    if not rows:
        return report
    async with transaction(session_factory) as session:
        if not keep_demo:
            removed = await session.execute(delete(Agency).where(Agency.is_demo.is_(True)))
            report.demo_removed = int(getattr(removed, "rowcount", 0) or 0)
        for row in rows:
            agency = await _existing(session, row)
            if agency is None:
                agency = Agency(is_demo=False)
                session.add(agency)
                report.added += 1
            else:
                report.updated += 1
            agency.name = row.name
            agency.normalized_name = normalize_name(row.name)
            agency.status = row.status
            agency.licence_number = row.licence_number
            agency.province = row.province
            agency.city = row.city
            agency.source = row.source
            await session.flush()
    return report
