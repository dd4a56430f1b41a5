"""Country help data (``flows/content/countries.yaml``): the numbers for where the person is.

Loaded once into frozen dataclasses. :func:`country_problems` is the file's check (run by
`helpline flows check` and at start-up); :func:`review_entries` lists every number for
`helpline content review`. The card itself is composed in :mod:`flows.help_card`; the location detector
(:mod:`nlu.location`) reads the aliases.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from flows.model import CONTACTS_FILE, YAML_LOADER, Contact, load_contacts

COUNTRIES_FILE = CONTACTS_FILE.parent / "countries.yaml"
INDONESIA = "ID"
CONFIDENCES = frozenset({"H", "M", "L"})
STATUSES = frozenset({"confirmed", "candidate"})
MISSION_TYPES = frozenset({"embassy", "consulate", "consulate_kri", "trade_office"})
# The kinds and hints the card knows how to label (flows/help_card.py translates them).
KINDS = frozenset(
    {
        "emergency",
        "police",
        "police_backup",
        "ambulance",
        "ambulance_fire",
        "emergency_where_available",
        "labour",
        "sapa",
        "sapa_whatsapp",
        "kp2mi",
        "kp2mi_abroad",
        "kp2mi_whatsapp",
        "kemlu",
        "kemlu_family",
        "mission",
    }
)
HINTS = frozenset({"free", "24h", "indonesian", "indonesian_day"})

_NUMBER_KEYS = frozenset(
    {"kind", "value", "contact", "source", "confidence", "verify", "status", "hints", "note"}
)
_COUNTRY_KEYS = frozenset({"name", "aliases", "weak_aliases", "numbers", "mission", "missions", "cities"})
_MISSION_KEYS = frozenset({"type", "seat", "hotline", "previous"})
_CITY_KEYS = frozenset({"name", "aliases", "weak_aliases", "mission"})
_TOP_KEYS = frozenset({"abroad", "unknown_local", "countries"})
_CODE = re.compile(r"^[A-Z]{2}$")
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_ALIAS = re.compile(r"^[a-z0-9]+(?: [a-z0-9]+)*$")


class CountriesFileError(ValueError):
    """countries.yaml cannot be read at all (syntax, or a value of the wrong shape)."""


@dataclass(frozen=True, slots=True)
class Number:
    kind: str
    value: str
    source: str
    confidence: str
    verify: bool = True
    status: str = "confirmed"
    hints: tuple[str, ...] = ()
    note: str = ""
    contact: str | None = None  # the contacts.yaml key it came from


@dataclass(frozen=True, slots=True)
class Mission:
    key: str
    type: str
    seat: dict[str, str]  # {"en": ..., "id": ...}
    hotline: Number | None = None
    previous: tuple[Number, ...] = ()


@dataclass(frozen=True, slots=True)
class City:
    key: str
    name: dict[str, str]
    mission: str | None
    aliases: tuple[str, ...] = ()
    weak_aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: dict[str, str]
    numbers: tuple[Number, ...]
    mission: str | None = None
    missions: dict[str, Mission] = field(default_factory=dict)
    cities: dict[str, City] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    weak_aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Countries:
    countries: dict[str, Country]
    abroad: tuple[Number, ...]
    unknown_local: tuple[str, ...]
    problems: tuple[str, ...] = ()  # shape problems found while loading (unknown keys, duplicates...)

    def get(self, code: str) -> Country | None:
        return self.countries.get(code)


def _duplicate_keys(node: yaml.Node, path: str = "") -> Iterator[str]:
    """YAML silently keeps the last of two equal keys; a second "MY:" must be an error instead."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value)
            here = f"{path}.{name}" if path else name
            if name in seen:
                yield f"line {key.start_mark.line + 1}: duplicate key {here!r}"
            seen.add(name)
            yield from _duplicate_keys(value, here)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _duplicate_keys(item, f"{path}[{index}]")


def _strs(value: Any, where: str, problems: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{where}: must be a list of words")
        return ()
    return tuple(value)


def _names(value: Any, where: str, problems: list[str]) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(value.get(k), str) and value[k] for k in ("en", "id")
    ):
        problems.append(f"{where}: needs an English and an Indonesian name ({{en: ..., id: ...}})")
        return {"en": where, "id": where}
    unknown = set(value) - {"en", "id"}
    if unknown:
        problems.append(f"{where}: unknown keys {sorted(unknown)}")
    return {"en": str(value["en"]), "id": str(value["id"])}


def _number(raw: Any, where: str, contacts: dict[str, Contact], problems: list[str]) -> Number | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: a number must be a mapping")
        return None
    unknown = set(raw) - _NUMBER_KEYS
    if unknown:
        problems.append(f"{where}: unknown keys {sorted(unknown)}")
    kind = str(raw.get("kind", ""))
    if kind not in KINDS:
        problems.append(f"{where}: unknown kind {kind!r} (one of {', '.join(sorted(KINDS))})")
    hints = _strs(raw.get("hints"), f"{where}.hints", problems)
    for hint in hints:
        if hint not in HINTS:
            problems.append(f"{where}: unknown hint {hint!r} (one of {', '.join(sorted(HINTS))})")
    status = str(raw.get("status", "confirmed"))
    if status not in STATUSES:
        problems.append(f"{where}: status must be confirmed or candidate")
    if "contact" in raw:
        key = str(raw["contact"])
        if set(raw) & {"value", "source", "confidence", "verify"}:
            problems.append(
                f"{where}: a number taken from contacts.yaml ({key}) must not repeat its value or source"
            )
        contact = contacts.get(key)
        if contact is None:
            problems.append(f"{where}: contact {key!r} is not in contacts.yaml")
            return None
        return Number(
            kind=kind,
            value=contact.value,
            source=f"contacts.yaml:{key}: {contact.source}",
            confidence=contact.confidence,
            verify=contact.verify,
            status=status,
            hints=hints,
            note=str(raw.get("note", "")),
            contact=key,
        )
    value = str(raw.get("value", "")).strip()
    if not value:
        problems.append(f"{where}: needs a value (or `contact:` naming a contacts.yaml entry)")
    if not str(raw.get("source", "")).strip():
        problems.append(f"{where}: needs a source")
    confidence = str(raw.get("confidence", ""))
    if confidence not in CONFIDENCES:
        problems.append(f"{where}: confidence must be H, M or L")
    if raw.get("verify") is not True:
        problems.append(f"{where}: every number needs `verify: true` (none has been test-called)")
    return Number(
        kind=kind,
        value=value,
        source=str(raw.get("source", "")),
        confidence=confidence,
        verify=bool(raw.get("verify", False)),
        status=status,
        hints=hints,
        note=str(raw.get("note", "")),
    )


def _numbers(raw: Any, where: str, contacts: dict[str, Contact], problems: list[str]) -> tuple[Number, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.append(f"{where}: must be a list of numbers")
        return ()
    found = (_number(item, f"{where}[{i}]", contacts, problems) for i, item in enumerate(raw))
    return tuple(n for n in found if n is not None)


def _mission(key: str, raw: Any, where: str, contacts: dict[str, Contact], problems: list[str]) -> Mission:
    if not isinstance(raw, dict):
        problems.append(f"{where}: a mission must be a mapping")
        raw = {}
    unknown = set(raw) - _MISSION_KEYS
    if unknown:
        problems.append(f"{where}: unknown keys {sorted(unknown)}")
    kind = str(raw.get("type", ""))
    if kind not in MISSION_TYPES:
        problems.append(f"{where}: type must be one of {', '.join(sorted(MISSION_TYPES))}")
    hotline = None
    if raw.get("hotline") is not None:
        hotline = _number(
            {"kind": "mission", **raw["hotline"]} if isinstance(raw["hotline"], dict) else None,
            f"{where}.hotline",
            contacts,
            problems,
        )
    return Mission(
        key=key,
        type=kind,
        seat=_names(raw.get("seat"), f"{where}.seat", problems),
        hotline=hotline,
        previous=_numbers(raw.get("previous"), f"{where}.previous", contacts, problems),
    )


def _country(code: str, raw: Any, contacts: dict[str, Contact], problems: list[str]) -> Country:
    where = f"countries.{code}"
    if not _CODE.match(code):
        problems.append(f"{where}: the code must be two capital letters (ISO 3166)")
    if not isinstance(raw, dict):
        problems.append(f"{where}: a country must be a mapping")
        raw = {}
    unknown = set(raw) - _COUNTRY_KEYS
    if unknown:
        problems.append(f"{where}: unknown keys {sorted(unknown)}")
    missions = {
        str(k): _mission(str(k), v, f"{where}.missions.{k}", contacts, problems)
        for k, v in (raw.get("missions") or {}).items()
    }
    cities: dict[str, City] = {}
    for key, body in (raw.get("cities") or {}).items():
        here = f"{where}.cities.{key}"
        if not isinstance(body, dict):
            problems.append(f"{here}: a city must be a mapping")
            continue
        if set(body) - _CITY_KEYS:
            problems.append(f"{here}: unknown keys {sorted(set(body) - _CITY_KEYS)}")
        if not _KEY.match(str(key)):
            problems.append(f"{here}: city keys are lower_case_with_underscores")
        mission = body.get("mission")
        if mission is not None and str(mission) not in missions:
            problems.append(f"{here}: mission {mission!r} is not in {where}.missions")
        cities[str(key)] = City(
            key=str(key),
            name=_names(body.get("name"), f"{here}.name", problems),
            mission=str(mission) if mission is not None else None,
            aliases=_strs(body.get("aliases"), f"{here}.aliases", problems),
            weak_aliases=_strs(body.get("weak_aliases"), f"{here}.weak_aliases", problems),
        )
    mission = raw.get("mission")
    if mission is not None and str(mission) not in missions:
        problems.append(f"{where}: mission {mission!r} is not in {where}.missions")
    if code != INDONESIA and missions and mission is None:
        problems.append(f"{where}: name the main mission (`mission:`), shown when the city is unknown")
    numbers = _numbers(raw.get("numbers"), f"{where}.numbers", contacts, problems)
    if not numbers:
        problems.append(f"{where}: needs at least one local emergency number")
    return Country(
        code=code,
        name=_names(raw.get("name"), f"{where}.name", problems),
        numbers=numbers,
        mission=str(mission) if mission is not None else None,
        missions=missions,
        cities=cities,
        aliases=_strs(raw.get("aliases"), f"{where}.aliases", problems),
        weak_aliases=_strs(raw.get("weak_aliases"), f"{where}.weak_aliases", problems),
    )


def _alias_problems(countries: dict[str, Country]) -> Iterator[str]:
    owner: dict[str, str] = {}
    for country in countries.values():
        places: list[tuple[str, tuple[str, ...]]] = [(country.code, country.aliases + country.weak_aliases)]
        places += [(f"{country.code}:{c.key}", c.aliases + c.weak_aliases) for c in country.cities.values()]
        for place, aliases in places:
            for alias in aliases:
                if not _ALIAS.match(alias):
                    yield f"{place}: alias {alias!r} must be lower-case letters and digits, single spaces"
                elif alias in owner:
                    yield f"{place}: alias {alias!r} already means {owner[alias]}"
                else:
                    owner[alias] = place


def parse_countries(text: str, contacts: dict[str, Contact]) -> Countries:
    try:
        node = yaml.compose(text, Loader=YAML_LOADER)
        raw = yaml.load(text, Loader=YAML_LOADER) or {}  # noqa: S506 - a safe loader
    except yaml.YAMLError as err:
        raise CountriesFileError(f"countries.yaml: {err}") from err
    if not isinstance(raw, dict) or not isinstance(raw.get("countries"), dict):
        raise CountriesFileError("countries.yaml: needs a `countries:` mapping")
    problems = list(_duplicate_keys(node)) if node is not None else []
    unknown = set(raw) - _TOP_KEYS
    if unknown:
        problems.append(f"unknown top-level keys {sorted(unknown)}")
    countries = {
        str(code): _country(str(code), body, contacts, problems) for code, body in raw["countries"].items()
    }
    if INDONESIA not in countries:
        problems.append("countries.ID: Indonesia is required (the card for people at home)")
    problems += _alias_problems(countries)
    unknown_local = _strs(raw.get("unknown_local"), "unknown_local", problems)
    problems += [
        f"unknown_local: {c!r} is not a country in this file" for c in unknown_local if c not in countries
    ]
    abroad = _numbers(raw.get("abroad"), "abroad", contacts, problems)
    if not abroad:
        problems.append("abroad: list the numbers that work from every country (KP2MI, Kemlu)")
    return Countries(countries, abroad, unknown_local, tuple(problems))


def load_countries(path: Path = COUNTRIES_FILE, contacts: dict[str, Contact] | None = None) -> Countries:
    contacts = load_contacts() if contacts is None else contacts
    return parse_countries(path.read_text(encoding="utf-8"), contacts)


@functools.cache
def default_countries() -> Countries:
    """The shipped file, loaded once per process (start-up validates it; see flows.build_runner)."""
    return load_countries()


def country_problems(countries: Countries) -> list[str]:
    return [f"countries.yaml: {p}" for p in countries.problems]


def review_entries(countries: Countries) -> Iterator[tuple[str, str, Number, bool]]:
    """(where, what, number, shown to users) for every number in the file, for `helpline content review`."""
    for i, number in enumerate(countries.abroad):
        yield f"abroad[{i}]", "Every country abroad", number, True
    for country in countries.countries.values():
        name = country.name["en"]
        for i, number in enumerate(country.numbers):
            yield f"{country.code}.numbers[{i}]", f"{name}: {number.kind}", number, True
        for mission in country.missions.values():
            where = f"{country.code}.missions.{mission.key}"
            if mission.hotline is not None:
                yield (
                    f"{where}.hotline",
                    f"{name}: {mission.type} {mission.seat['en']}",
                    mission.hotline,
                    True,
                )
            for i, number in enumerate(mission.previous):
                what = f"{name}: {mission.type} {mission.seat['en']} (previous number, staff only)"
                yield f"{where}.previous[{i}]", what, number, False
