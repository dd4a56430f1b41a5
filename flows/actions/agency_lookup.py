"""Is this placement company on the official list? Exact matches answer; close names only suggest.

People type names from memory or from a flyer, inside a sentence: "agensi PT Sinar Jaya Abadi resmi
gak ya kak?", "cek pt maju bersama", a bare licence number. :func:`extract_query` takes the name (and
anything that looks like a licence number) out of the sentence.

Only an exact match may be answered with a status: the licence number (case, spaces and punctuation
ignored), or the name after :func:`normalize_name` (case, punctuation, spacing, the "PT"/"P.T."/"PT."
legal form, a few common abbreviations). A close name found by rapidfuzz is never a result: scam
recruiters borrow names like real ones, so "PT Mandiri Jaya" must not be told that "PT Demo Contoh
Mandiri Jaya" is licensed. Close names are offered as "did you mean …? check the licence number".

The shipped demonstration entries are never searched: with no imported list the answer says plainly
that companies cannot be checked here, and how to check officially. The index of imported names is
cached in memory and reloaded when the table changes (row count or newest ``updated_at``), so an
import from the command line is picked up by the running service.
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

from bot.storage.db import transaction
from bot.storage.models import Agency, AgencyStatus
from flows.actions import ActionContext, ActionResult

# Words of the legal form, dropped from names. Not "CV": a CV is not a PT and may not place workers.
_LEGAL_FORM = frozenset(["pt", "persero", "perseroan", "terbatas", "tbk"])
_ABBREVIATIONS = {"intl": "internasional", "international": "internasional", "and": "dan", "n": "dan"}
# Words around a name in a question: dropped from its end ("... resmi gak ya kak?") ...
_TRAILING = frozenset(
    [
        "resmi",
        "legal",
        "legalkah",
        "terdaftar",
        "terdaftarkah",
        "berizin",
        "izin",
        "ijin",
        "asli",
        "aman",
        "penipuan",
        "penipu",
        "palsu",
        "bodong",
        "gak",
        "ga",
        "gk",
        "nggak",
        "ngga",
        "enggak",
        "engga",
        "tidak",
        "tdk",
        "bukan",
        "belum",
        "atau",
        "apa",
        "ya",
        "yah",
        "yaa",
        "kah",
        "sih",
        "dong",
        "deh",
        "nih",
        "tuh",
        "kak",
        "ka",
        "kakak",
        "min",
        "admin",
        "gan",
        "bang",
        "mbak",
        "mba",
        "pak",
        "bu",
        "bro",
        "sis",
        "gmn",
        "gimana",
        "bagaimana",
        "kah",
        "ini",
        "itu",
        "not",
        "is",
        "it",
        "registered",
        "licensed",
        "legit",
        "real",
        "fake",
    ]
)
# ... from its start when there is no "PT" to find it by ("cek sinar jaya resmi?") ...
_LEADING = frozenset(
    [
        "cek",
        "cekin",
        "check",
        "tolong",
        "mohon",
        "bantu",
        "bantuin",
        "mau",
        "ingin",
        "pengen",
        "tanya",
        "nanya",
        "info",
        "soal",
        "tentang",
        "apakah",
        "apa",
        "agensi",
        "agency",
        "agen",
        "perusahaan",
        "company",
        "nama",
        "kantor",
        "sponsor",
        "kak",
        "ka",
        "min",
        "admin",
        "halo",
        "hai",
        "hi",
        "gan",
        "bang",
        "mbak",
        "mba",
        "pak",
        "bu",
        "saya",
        "sy",
        "aku",
        "kami",
        "is",
        "the",
    ]
)
# ... and after which a sentence goes on about something else ("PT X di Indramayu ...").
_CLAUSE = frozenset(
    ["di", "dari", "yang", "itu", "ini", "katanya", "kata", "punya", "untuk", "buat", "ke", "mau"]
)
_NUMBER_WORDS = frozenset(
    ["no", "nomor", "nmr", "nomer", "izin", "ijin", "lisensi", "licence", "license", "number"]
)
_PT = re.compile(r"\bp\s?\.?\s?t\b\.?", re.IGNORECASE)  # PT, P.T., PT., pt
# "KEP-100", "KEP 100/2019", "503/123/BP2MI/2020": letters may come before the first digit, after a space.
_LICENCE_LIKE = re.compile(r"(?:\b[a-z]+[\s.\-/]*)?\d[\w./\-]*(?:\s+\d[\w./\-]*)*", re.IGNORECASE)
CANDIDATE_SCORE = 70  # rapidfuzz score from which a name is offered as "did you mean"

DEMO_AGENCIES: tuple[tuple[str, str, AgencyStatus, str], ...] = (
    # Obviously fictional names ("Contoh" = example, "Fiktif" = fictional); never real companies.
    ("PT Contoh Demo Sejahtera", "DEMO-001", AgencyStatus.LICENSED, "Jawa Barat"),
    ("PT Demo Contoh Mandiri Jaya", "DEMO-002", AgencyStatus.LICENSED, "Nusa Tenggara Barat"),
    ("PT Fiktif Demo Makmur", "DEMO-003", AgencyStatus.SUSPENDED, "Kalimantan Barat"),
    ("PT Contoh Fiktif Abadi", "DEMO-004", AgencyStatus.REVOKED, "Jawa Barat"),
)
DEMO_SOURCE = "Demonstration entry shipped with the helpline; not a real company"


def normalize_name(name: str) -> str:
    """ "PT. Maju-Jaya  Abadi, Tbk" -> "maju jaya abadi"; "P.T. Karya Intl" -> "karya internasional"."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = text.replace("int'l", "intl").replace("&", " dan ")
    text = _PT.sub(" pt ", text)
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    kept = [_ABBREVIATIONS.get(w, w) for w in words if w not in _LEGAL_FORM]
    return " ".join(kept or words)


def name_key(name: str) -> str:
    """What two names must share to be the same name: spacing does not count ("Maju Jaya" = "MajuJaya")."""
    return normalize_name(name).replace(" ", "")


def licence_key(number: str) -> str:
    """ "KEP-100/2019" = "kep 100 / 2019"; empty unless it has a digit (a licence number always does)."""
    key = re.sub(r"[^a-z0-9]+", "", unicodedata.normalize("NFKD", number).lower())
    return key if any(c.isdigit() for c in key) else ""


@dataclass(frozen=True, slots=True)
class AgencyQuery:
    """What a person's message names: the company (as typed, tidied) and possible licence numbers."""

    name: str
    names: tuple[str, ...]  # the name first as written, then with question and clause words cut off
    licences: tuple[str, ...]  # licence keys


def _bare(word: str) -> str:
    return re.sub(r"[^\w]+", "", word.lower())


def _strip(words: list[str], leading: bool) -> list[str]:
    while words and _bare(words[-1]) in _TRAILING | {""}:
        words = words[:-1]
    while leading and words and _bare(words[0]) in _LEADING | {""}:
        words = words[1:]
    return words


def _cut_at_clause(words: list[str]) -> list[str]:
    for n, word in enumerate(words[1:], start=1):
        if _bare(word) in _CLAUSE:
            return words[:n]
    return words


def extract_query(text: str) -> AgencyQuery:
    """ "agensi PT Sinar Jaya Abadi resmi gak ya kak?" -> name "PT Sinar Jaya Abadi"."""
    text = " ".join(text.split())[:200]
    licences, numbers = [licence_key(text)], []
    for match in _LICENCE_LIKE.finditer(text):
        number = match.group(0)
        lead = re.match(r"[a-z]+", number, re.IGNORECASE)
        if lead and lead.group(0).lower() in _NUMBER_WORDS | {
            "pt"
        }:  # "no 100/2019": the number is after the word
            number = number[lead.end() :].strip(" .:-/")
        numbers.append(number)
        licences.append(licence_key(number))
    found = _PT.search(text)
    if found:
        segments = [re.split(r"[?!,;:()\"]", text[found.end() :])[0]]
    else:  # no "PT": the segment with the most words left once the question words are gone
        segments = sorted(re.split(r"[?!,;:()\"]", text), key=lambda s: -len(_strip(s.split(), True)))
    raw = segments[0].split() if segments else []
    stripped = _strip(list(raw), leading=not found)
    forms = [raw, stripped, _strip(_cut_at_clause(stripped), leading=False)]
    if not found and raw and raw[0].lower().startswith("pt") and len(raw[0]) > 4:
        forms.append([raw[0][2:], *raw[1:]])  # "PTFiktifDemoMakmur": the legal form typed without a space
    names: list[str] = []
    for words in forms:
        name = " ".join(words).strip(" .-'")
        if name and name not in names:
            names.append(name)
    shown = names[-1] if names else text
    if shown.islower():
        shown = string.capwords(shown)
    if found and names:
        shown = f"PT {shown}"
    in_numbers = {w.lower() for n in numbers for w in n.split()}
    filler = _NUMBER_WORDS | _LEADING | _TRAILING
    if numbers and not found and all(_bare(w) in filler or w.lower() in in_numbers for w in stripped):
        shown = max(numbers, key=len)  # "nomor izin kep.100": the number is what they asked about
    keys = tuple(dict.fromkeys(k for k in licences if len(k) >= 3))  # "3" in "PT 3 Putra" is no licence
    return AgencyQuery(shown, tuple(names), keys)


def _score(query: str, choice: str, **_: Any) -> float:
    # Spacing typos ("majujaya") are caught by comparing without spaces as well.
    spaced = fuzz.token_sort_ratio(query, choice)
    squashed = fuzz.ratio(query.replace(" ", ""), choice.replace(" ", ""))
    partial = fuzz.token_set_ratio(query, choice) * 0.95 if len(query) >= 5 else 0.0
    return max(spaced, squashed, partial)


@dataclass(frozen=True, slots=True)
class _Index:
    marker: tuple[int, object]
    ids: list[int]
    names: list[str]  # normalised, for rapidfuzz
    by_name: dict[str, list[int]]  # name_key -> positions
    by_licence: dict[str, list[int]]  # licence_key -> positions


@dataclass(slots=True)
class Lookup:
    """The answer of :meth:`SqlAgencyDirectory.lookup`."""

    query: AgencyQuery
    available: bool  # an imported list is loaded (the demonstration entries do not count)
    exact: list[dict[str, Any]] = field(default_factory=list)  # same licence number or same name
    by: str = ""  # "licence" or "name"
    similar: list[dict[str, Any]] = field(default_factory=list)  # close names: suggestions only


class SqlAgencyDirectory:
    """:class:`flows.contract.AgencyDirectory` over SQL; the engine builds one per process."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = _read_sessions(session_factory)
        self._index: _Index | None = None

    def invalidate(self) -> None:
        self._index = None

    async def _load(self, session: AsyncSession) -> _Index:
        count, newest = (
            await session.execute(select(func.count(Agency.id), func.max(Agency.updated_at)))
        ).one()
        marker = (int(count), newest)
        if self._index is not None and self._index.marker == marker:
            return self._index
        # Two turns reloading at once is harmless: both read the same rows. Demonstration rows are left out.
        rows = (
            await session.execute(
                select(Agency.id, Agency.name, Agency.licence_number).where(Agency.is_demo.is_(False))
            )
        ).all()
        by_name: dict[str, list[int]] = {}
        by_licence: dict[str, list[int]] = {}
        for n, row in enumerate(rows):
            by_name.setdefault(name_key(row.name), []).append(n)
            if row.licence_number and licence_key(row.licence_number):
                by_licence.setdefault(licence_key(row.licence_number), []).append(n)
        names = [normalize_name(r.name) for r in rows]
        self._index = _Index(marker, [r.id for r in rows], names, by_name, by_licence)
        return self._index

    async def _rows(self, session: AsyncSession, index: _Index, positions: list[int]) -> list[Agency]:
        ids = [index.ids[p] for p in positions]
        found = {a.id: a for a in (await session.scalars(select(Agency).where(Agency.id.in_(ids)))).all()}
        return [found[i] for i in ids if i in found]

    async def search(self, name: str, limit: int = 3) -> list[dict[str, Any]]:
        """Close names in the imported list, best first (``exact`` marks the same name): suggestions."""
        query = normalize_name(name)
        if not query:
            return []
        async with self._sessions() as session:
            index = await self._load(session)
            hits = process.extract(
                query, index.names, scorer=_score, limit=limit, score_cutoff=CANDIDATE_SCORE
            )
            rows = await self._rows(session, index, [p for _, _, p in hits])
        scores = {index.ids[p]: s for _, s, p in hits}
        return [agency_dict(a, scores[a.id], exact=name_key(a.name) == name_key(name)) for a in rows]

    async def lookup(self, text: str, limit: int = 3) -> Lookup:
        """The company a message names: exact matches (licence number first, then name) or close names."""
        query = extract_query(text)
        async with self._sessions() as session:
            index = await self._load(session)
            found = Lookup(query, available=bool(index.ids))
            if not found.available:
                return found
            for key in query.licences:
                if key in index.by_licence:
                    rows = await self._rows(session, index, index.by_licence[key])
                    found.exact, found.by = [agency_dict(a, 100, exact=True) for a in rows], "licence"
                    return found
            for name in query.names:
                if name_key(name) in index.by_name:
                    rows = await self._rows(session, index, index.by_name[name_key(name)])
                    found.exact, found.by = [agency_dict(a, 100, exact=True) for a in rows], "name"
                    return found
        if query.names:
            found.similar = await self.search(query.names[-1], limit)
        return found

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


def agency_dict(agency: Agency, score: float, *, exact: bool = False) -> dict[str, Any]:
    return {
        "id": agency.id,
        "name": agency.name,
        "status": str(agency.status),
        "licence_number": agency.licence_number or "",
        "province": agency.province or "",
        "city": agency.city or "",
        "is_demo": bool(agency.is_demo),
        "score": round(float(score), 1),
        "exact": exact,
    }


async def seed_demo_agencies(session_factory: async_sessionmaker[AsyncSession]) -> int:
    """Insert the demonstration entries when the table is empty; returns how many were added.

    They show developers what the table holds (`helpline agencies list`); lookups never use them."""
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
MAX_ECHOED_NAME = 120  # longer than any agency's registered name
STATUSES = ("licensed", "suspended", "revoked")


def _short(title: str, limit: int = MAX_ECHOED_NAME) -> str:
    # A pasted job advert must not push the reply over the platforms' 4,096-character limit
    # (found by tests/fuzz/test_fuzz_flows.py).
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def _answer(ctx: ActionContext, agency: dict[str, Any]) -> ActionResult:
    place = ", ".join(p for p in (agency.get("city"), agency.get("province")) if p) or "-"
    params = {
        "agency": agency["name"],
        "licence": agency.get("licence_number") or "-",
        "place": place,
        "how_to_verify": ctx.flow_text("how_to_verify"),
    }
    return ActionResult(agency["status"], params, outcome=f"agency:{agency['status']}")


def _suggest(ctx: ActionContext, shown: str, hits: list[dict[str, Any]], result: str) -> ActionResult:
    label = ctx.flow_text("licence_number")
    lines = [
        f"• {h['name']} ({label} {h['licence_number']})" if h["licence_number"] else f"• {h['name']}"
        for h in hits
    ]
    params = {"agency": shown, "names": "\n".join(lines), "how_to_verify": ctx.flow_text("how_to_verify")}
    return ActionResult(result, params, outcome="agency:similar")


async def lookup_action(ctx: ActionContext) -> ActionResult:
    typed = str(ctx.data.get("agency_name", ""))[:200]
    finder = getattr(ctx.agencies, "lookup", None)
    found: Lookup | None = await finder(typed) if finder is not None else None
    shown = _short((found.query.name if found else "") or typed)
    ctx.data["agency_name"] = shown
    if found is None or not found.available:  # nothing real to check against: never a guess
        return ActionResult("unavailable", {"agency": shown}, outcome="agency:unavailable")
    exact = [h for h in found.exact if h["status"] in STATUSES]
    if len(exact) == 1:
        return _answer(ctx, exact[0])
    if exact:  # several companies with this name: only the licence number tells them apart
        return _suggest(ctx, shown, exact, "same_name")
    if found.similar:
        return _suggest(ctx, shown, found.similar, "similar")
    return ActionResult(
        "not_found",
        {"agency": shown, "how_to_verify": ctx.flow_text("how_to_verify")},
        outcome="agency:not_found",
    )
