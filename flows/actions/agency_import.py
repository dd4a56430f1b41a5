"""`helpline agencies import FILE.csv`: load the official list of placement companies.

Columns (header row required, any order, comma or semicolon separated, UTF-8 with or without BOM):
``name`` and ``status`` are required; ``licence_number``, ``province``, ``city``, ``source`` are
optional. Status accepts licensed/suspended/revoked and the Indonesian aktif/berizin, dibekukan/
skorsing, dicabut. A row matches an existing company by licence number, else by normalised name, and
is updated in place. Bad rows are reported with their line number; the good rows are written in one
transaction, so a crash or a database error leaves the table as it was. The first real import removes
the shipped demonstration entries (``keep_demo`` keeps them).
"""

from __future__ import annotations

import csv
import io
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
    "dicabut": AgencyStatus.REVOKED,
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
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise CsvHeaderError(
            f"line 1: missing column(s) {', '.join(missing)}; found {', '.join(header) or 'none'}"
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
    return await session.scalar(
        select(Agency)
        .where(Agency.normalized_name == normalize_name(row.name), Agency.is_demo.is_(False))
        .limit(1)
    )


async def import_agencies(
    session_factory: async_sessionmaker[AsyncSession],
    path: Path,
    *,
    keep_demo: bool = False,
) -> ImportReport:
    """Load ``path``; raises :class:`CsvHeaderError` (nothing written) when the header is unusable."""
    text = path.read_bytes().decode("utf-8-sig")
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
