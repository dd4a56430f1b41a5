"""Is this placement company on the official list? Fuzzy search over the `agencies` table.

Users type names from memory or from a photo of a flyer: "pt maju jaya", "PT.MAJUJAYA", "maju jya".
Names are normalised (no "PT"/"PT."/"Tbk", punctuation or spacing) and scored with rapidfuzz. The
normalised names are cached in memory and reloaded when the table changes (row count or newest
``updated_at``), so an import from the command line is picked up by the running service.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

from bot.messages import Button
from bot.storage.db import transaction
from bot.storage.models import Agency, AgencyStatus
from flows.actions import ActionContext, ActionResult

# Legal-form words and the question words people wrap around a name ("apakah PT X resmi?").
_NOISE_WORDS = frozenset(
    [
        "pt",
        "p",
        "t",
        "persero",
        "perseroan",
        "terbatas",
        "tbk",
        "cv",
        "ltd",
        "inc",
        "co",
        "apakah",
        "apa",
        "itu",
        "ini",
        "resmi",
        "legal",
        "terdaftar",
        "aman",
        "asli",
        "berizin",
        "izin",
        "ada",
        "tidak",
        "ya",
        "kah",
        "yang",
        "nama",
        "perusahaan",
        "agency",
        "agensi",
        "sponsor",
        "is",
        "it",
        "registered",
        "the",
    ]
)
MATCH_SCORE = 88  # at or above: we name the company; below it we ask which one was meant
CANDIDATE_SCORE = 70  # below: not found

DEMO_AGENCIES: tuple[tuple[str, str, AgencyStatus, str], ...] = (
    # Obviously fictional names ("Contoh" = example, "Fiktif" = fictional); never real companies.
    ("PT Contoh Demo Sejahtera", "DEMO-001", AgencyStatus.LICENSED, "Jawa Barat"),
    ("PT Demo Contoh Mandiri Jaya", "DEMO-002", AgencyStatus.LICENSED, "Nusa Tenggara Barat"),
    ("PT Fiktif Demo Makmur", "DEMO-003", AgencyStatus.SUSPENDED, "Kalimantan Barat"),
    ("PT Contoh Fiktif Abadi", "DEMO-004", AgencyStatus.REVOKED, "Jawa Barat"),
)
DEMO_SOURCE = "Demonstration entry shipped with the helpline; not a real company"


def normalize_name(name: str) -> str:
    """ "PT. Maju-Jaya  Abadi, Tbk" -> "maju jaya abadi"."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\bp\s*\.\s*t\s*\.?", " ", text)  # "P.T." and "PT." before punctuation is stripped
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    kept = [w for w in words if w not in _NOISE_WORDS]
    return " ".join(kept or words)


def _score(query: str, choice: str, **_: Any) -> float:
    # Spacing typos ("majujaya") are caught by comparing without spaces as well.
    spaced = fuzz.token_sort_ratio(query, choice)
    squashed = fuzz.ratio(query.replace(" ", ""), choice.replace(" ", ""))
    partial = fuzz.token_set_ratio(query, choice) * 0.95 if len(query) >= 5 else 0.0
    return max(spaced, squashed, partial)


@dataclass(frozen=True, slots=True)
class _Snapshot:
    marker: tuple[int, object]
    ids: list[int]
    names: list[str]


class SqlAgencyDirectory:
    """:class:`flows.contract.AgencyDirectory` over SQL; the engine builds one per process."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = _read_sessions(session_factory)
        self._snapshot: _Snapshot | None = None

    def invalidate(self) -> None:
        self._snapshot = None

    async def _load(self, session: AsyncSession) -> _Snapshot:
        count, newest = (
            await session.execute(select(func.count(Agency.id), func.max(Agency.updated_at)))
        ).one()
        marker = (int(count), newest)
        if self._snapshot is not None and self._snapshot.marker == marker:
            return self._snapshot
        # Two turns reloading at once is harmless: both read the same rows.
        rows = (await session.execute(select(Agency.id, Agency.normalized_name))).all()
        self._snapshot = _Snapshot(marker, [r.id for r in rows], [r.normalized_name for r in rows])
        return self._snapshot

    async def search(self, name: str, limit: int = 3) -> list[dict[str, Any]]:
        query = normalize_name(name)
        if not query:
            return []
        async with self._sessions() as session:
            snap = await self._load(session)
            hits = process.extract(
                query, snap.names, scorer=_score, limit=limit, score_cutoff=CANDIDATE_SCORE
            )
            if not hits:
                return []
            ids = [snap.ids[index] for _, _, index in hits]
            rows = {a.id: a for a in (await session.scalars(select(Agency).where(Agency.id.in_(ids)))).all()}
        return [agency_dict(rows[snap.ids[i]], score) for _, score, i in hits if snap.ids[i] in rows]

    async def has_demo_entries(self) -> bool:
        async with self._sessions() as session:
            return bool(await session.scalar(select(func.count(Agency.id)).where(Agency.is_demo.is_(True))))


def _read_sessions(factory: async_sessionmaker[AsyncSession]) -> async_sessionmaker[AsyncSession]:
    """Sessions for lookups. On SQLite the service's sessions begin with BEGIN IMMEDIATE (the write lock),
    and a lookup runs inside a turn that already holds it: reading through those would wait for itself.
    Plain driver connections read a WAL snapshot without any lock; NullPool leaves none open."""
    bind = factory.kw.get("bind")
    if isinstance(bind, AsyncEngine) and bind.dialect.name == "sqlite":
        reader = create_async_engine(bind.url, poolclass=NullPool, connect_args={"timeout": 30})
        return async_sessionmaker(reader, expire_on_commit=False)
    return factory


def agency_dict(agency: Agency, score: float) -> dict[str, Any]:
    return {
        "id": agency.id,
        "name": agency.name,
        "status": str(agency.status),
        "licence_number": agency.licence_number or "",
        "province": agency.province or "",
        "city": agency.city or "",
        "is_demo": bool(agency.is_demo),
        "score": round(float(score), 1),
    }


async def seed_demo_agencies(session_factory: async_sessionmaker[AsyncSession]) -> int:
    """Insert the demonstration entries when the table is empty; returns how many were added."""
    async with transaction(session_factory) as session:
        if await session.scalar(select(func.count(Agency.id))):
            return 0
        for name, licence, status, province in DEMO_AGENCIES:
            session.add(
                Agency(
                    name=name,
                    normalized_name=normalize_name(name),
                    licence_number=licence,
                    status=status,
                    province=province,
                    source=DEMO_SOURCE,
                    is_demo=True,
                )
            )
    return len(DEMO_AGENCIES)


# -- flow actions ---------------------------------------------------------------------------------------
async def _demo_note(ctx: ActionContext, hits: list[dict[str, Any]]) -> str:
    uses_demo = any(h.get("is_demo") for h in hits)
    if not uses_demo and hasattr(ctx.agencies, "has_demo_entries"):
        uses_demo = await ctx.agencies.has_demo_entries()
    return ctx.flow_text("demo_note") if uses_demo else ""


async def _answer(ctx: ActionContext, agency: dict[str, Any], hits: list[dict[str, Any]]) -> ActionResult:
    place = ", ".join(p for p in (agency.get("city"), agency.get("province")) if p) or "-"
    params = {
        "agency": agency["name"],
        "licence": agency.get("licence_number") or "-",
        "place": place,
        "demo_note": await _demo_note(ctx, hits),
        "how_to_verify": ctx.flow_text("how_to_verify"),
    }
    status = agency["status"] if agency["status"] in ("licensed", "suspended", "revoked") else "not_found"
    return ActionResult(status, params, outcome=f"agency:{status}")


async def _not_found(ctx: ActionContext, hits: list[dict[str, Any]]) -> ActionResult:
    params = {
        # Echoed back as typed, but shortened: a pasted job advert must not push the reply over the
        # platforms' 4,096-character limit (found by tests/fuzz/test_fuzz_flows.py).
        "agency": _short(str(ctx.data.get("agency_name", "")), MAX_ECHOED_NAME),
        "demo_note": await _demo_note(ctx, hits),
        "how_to_verify": ctx.flow_text("how_to_verify"),
    }
    return ActionResult("not_found", params, outcome="agency:not_found")


MAX_ECHOED_NAME = 120  # longer than any agency's registered name


def _short(title: str, limit: int = 24) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


async def lookup_action(ctx: ActionContext) -> ActionResult:
    name = str(ctx.data.get("agency_name", ""))[:200]
    hits = await ctx.agencies.search(name, limit=3)
    ctx.data["candidates"] = hits
    if not hits:
        return await _not_found(ctx, hits)
    best = hits[0]
    clear_winner = len(hits) == 1 or hits[0]["score"] - hits[1]["score"] >= 8
    if best["score"] >= MATCH_SCORE and clear_winner:
        return await _answer(ctx, best, hits)
    buttons = [
        (Button(f"agency_check.pick.{n}", _short(h["name"])), "pick", {"pick": str(n)})
        for n, h in enumerate(hits)
    ]
    buttons.append(
        (Button("agency_check.pick.none", ctx.flow_text("none_of_these")), "pick", {"pick": "none"})
    )
    return ActionResult("choose", {"agency": name}, buttons=buttons, outcome="agency:choose")


async def pick_action(ctx: ActionContext) -> ActionResult:
    hits: list[dict[str, Any]] = ctx.data.get("candidates", [])
    pick = str(ctx.data.get("pick", "none"))
    if pick.isdigit() and int(pick) < len(hits):
        return await _answer(ctx, hits[int(pick)], hits)
    return await _not_found(ctx, hits)
