"""The lines of help for where the person is, in their language.

Used by the emergency flow (flows/actions/emergency.py puts them into the card's ``{card}``) and by the
notice sent when no staff member is online or it is out of hours (handoff/policy.py, installed by
handoff/runtime.py as ``help_numbers``). The numbers come from ``flows/content/countries.yaml`` and
``contacts.yaml``; every label is an English msgid translated through gettext.

A location is a key as stored on the conversation: ``"MY"``, ``"MY:johor_bahru"``, ``"ID"``, or None when
we do not know. Unknown keys are treated as None (the abroad and Indonesia essentials).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from flows.countries import INDONESIA, Countries, Country, Mission, Number, default_countries
from flows.model import load_contacts
from locales import N_, normalize_language, translate

KIND_LABELS = {
    "emergency": N_("Emergency (police, ambulance)"),
    "police": N_("Police"),
    "police_backup": N_("Police, if the first number does not answer"),
    "ambulance": N_("Ambulance"),
    "ambulance_fire": N_("Ambulance and fire brigade"),
    "emergency_where_available": N_("Emergency, only where available"),
    "labour": N_("Labour hotline (wages, agency, abuse at work)"),
    "sapa": N_("Women and children (SAPA)"),
    "sapa_whatsapp": N_("SAPA WhatsApp"),
    "kp2mi": N_("KP2MI crisis centre"),
    "kp2mi_abroad": N_("KP2MI crisis centre, from abroad"),
    "kp2mi_whatsapp": N_("KP2MI WhatsApp"),
    "kemlu": N_("Foreign Ministry (Kemlu), help for citizens abroad"),
    "kemlu_family": N_("Foreign Ministry (Kemlu), for a family member abroad"),
    "mission": N_("Indonesian mission"),
}
HINT_LABELS = {
    "free": N_("free"),
    "24h": N_("24 hours"),
    "indonesian": N_("in Indonesian"),
    "indonesian_day": N_("Indonesian interpreter in the daytime"),
}
MISSION_NAMES = {
    "embassy": N_("Indonesian Embassy (KBRI) {city}"),
    "consulate": N_("Indonesian Consulate General (KJRI) {city}"),
    "consulate_kri": N_("Indonesian Consulate (KRI) {city}"),
    "trade_office": N_("Indonesian Economic and Trade Office (KDEI) {city}"),
}
MSG_IN_COUNTRY = N_("In {country}:")
MSG_FROM_ANYWHERE = N_("From any country:")
MSG_IF_ABROAD = N_("If you are abroad:")
MSG_IF_IN_INDONESIA = N_("If you are in Indonesia:")
MSG_LOCAL_NUMBERS = N_("Local emergency number: {numbers}")
MSG_MISSION_HOTLINE = N_("{mission}, hotline: {number}")
MSG_MISSION_NO_HOTLINE = N_(
    "{mission}: no hotline number is confirmed yet. Press the panic button in the Safe Travel app or call Kemlu "
    "(below)."
)
MSG_SAFE_TRAVEL = N_("Safe Travel app (Kemlu): its panic button reaches the nearest Indonesian embassy")
MSG_MENTAL_HEALTH = N_("Ministry of Health mental-health service (free, you can chat): {site}")
MSG_MENTAL_HEALTH_PHONE = N_("In Indonesia also by phone: {phone}")
MSG_FOR_A_CHILD = N_("For a child in danger, in Indonesia:")
MSG_IN_INDONESIA_POLICE = N_("In Indonesia: police {police}, emergency {emergency} where available")

BULLET = "• "


def split_key(location: str | None) -> tuple[str | None, str | None]:
    """``"MY:johor_bahru"`` -> ("MY", "johor_bahru"); unknown countries and cities are dropped."""
    if not location:
        return None, None
    code, _, city = location.partition(":")
    country = _countries().get(code)
    if country is None:
        return None, None
    return code, city if city in country.cities else None


@functools.cache
def _countries() -> Countries:
    return default_countries()


@functools.cache
def _contacts() -> dict[str, str]:
    return {k: c.value for k, c in load_contacts().items()}


def _t(lang: str, msgid: str, **params: object) -> str:
    return translate(lang, msgid, **params)


def _number_line(number: Number, lang: str) -> str:
    line = f"{BULLET}{_t(lang, KIND_LABELS[number.kind])}: {number.value}"
    if number.hints:
        line += " (" + ", ".join(_t(lang, HINT_LABELS[h]) for h in number.hints) + ")"
    return line


def mission_name(mission: Mission, lang: str) -> str:
    return _t(lang, MISSION_NAMES[mission.type], city=mission.seat[_name_lang(lang)])


def _name_lang(lang: str) -> str:
    lang = normalize_language(lang)
    return lang if lang in ("en", "id") else "en"


def country_name(code: str, lang: str) -> str:
    country = _countries().get(code)
    return country.name[_name_lang(lang)] if country else code


def _mission_lines(country: Country, city: str | None, lang: str) -> list[str]:
    """The mission serving the city (else the main one); the main one's hotline too when the city's has none."""
    main = country.missions.get(country.mission or "")
    served = country.cities[city].mission if city is not None else None
    missions = [m for m in (country.missions.get(served or ""), main) if m is not None]
    if len(missions) == 2 and (
        missions[0] is missions[1] or missions[0].hotline is not None or missions[1].hotline is None
    ):
        missions = missions[:1]
    lines = []
    for mission in missions:
        name = mission_name(mission, lang)
        if mission.hotline is not None:
            lines.append(BULLET + _t(lang, MSG_MISSION_HOTLINE, mission=name, number=mission.hotline.value))
        else:
            lines.append(BULLET + _t(lang, MSG_MISSION_NO_HOTLINE, mission=name))
    return lines


def _abroad_lines(lang: str) -> list[str]:
    lines = [_number_line(n, lang) for n in _countries().abroad]
    return [*lines, BULLET + _t(lang, MSG_SAFE_TRAVEL)]


def _emergency_numbers(country: Country) -> list[Number]:
    return [n for n in country.numbers if n.kind != "labour"]


def _country_section(country: Country, city: str | None, lang: str) -> list[str]:
    lines = [_t(lang, MSG_IN_COUNTRY, country=country.name[_name_lang(lang)])]
    lines += [_number_line(n, lang) for n in _emergency_numbers(country)]
    lines += _mission_lines(country, city, lang)
    lines += [_number_line(n, lang) for n in country.numbers if n.kind == "labour"]
    return lines


def _indonesia_lines(lang: str, *, family_abroad: bool = True) -> list[str]:
    numbers = _countries().countries[INDONESIA].numbers
    return [_number_line(n, lang) for n in numbers if family_abroad or n.kind != "kemlu_family"]


def _local_numbers_line(lang: str) -> str:
    found = []
    for code in _countries().unknown_local:
        country = _countries().countries[code]
        first = _emergency_numbers(country)[0]
        found.append(f"{country.name[_name_lang(lang)]} {first.value}")
    return BULLET + _t(lang, MSG_LOCAL_NUMBERS, numbers=" · ".join(found))


def card_lines(location: str | None, lang: str) -> list[str]:
    """The help card: that country's numbers (and the city's mission), or the essentials when unknown."""
    code, city = split_key(location)
    if code == INDONESIA:
        return [_t(lang, MSG_IN_COUNTRY, country=country_name(INDONESIA, lang)), *_indonesia_lines(lang)]
    if code is not None:
        country = _countries().countries[code]
        back_home = BULLET + _t(
            lang, MSG_IN_INDONESIA_POLICE, police=_contacts()["police"], emergency=_contacts()["emergency"]
        )  # in case we guessed the country wrong, or a family member in Indonesia is writing
        return [
            *_country_section(country, city, lang),
            _t(lang, MSG_FROM_ANYWHERE),
            *_abroad_lines(lang),
            back_home,
        ]
    return [
        _t(lang, MSG_IF_ABROAD),
        _local_numbers_line(lang),
        *_abroad_lines(lang),
        _t(lang, MSG_IF_IN_INDONESIA),
        *_indonesia_lines(lang, family_abroad=False),
    ]


def card_text(location: str | None, lang: str) -> str:
    return "\n".join(card_lines(location, lang))


def notice_numbers(location: str | None, lang: str) -> str:
    """What handoff/policy.py shows when nobody can answer soon: the same card."""
    return card_text(location, lang)


def _sapa_first(lang: str, *, police: bool = True) -> list[str]:
    numbers = {n.kind: n for n in _countries().countries[INDONESIA].numbers}
    kinds = ("sapa", "sapa_whatsapp", "police") if police else ("sapa", "sapa_whatsapp")
    return [_number_line(numbers[k], lang) for k in kinds if k in numbers]


def self_harm_lines(location: str | None, lang: str, *, minor: bool = False) -> list[str]:
    """Short: the local emergency number, the Ministry of Health's mental-health service (and SAPA for a child)."""
    code, _ = split_key(location)
    contacts = _contacts()
    lines: list[str] = []
    if code is not None and code != INDONESIA:
        lines += [_number_line(n, lang) for n in _emergency_numbers(_countries().countries[code])]
    elif code == INDONESIA:
        lines += [
            _number_line(n, lang)
            for n in _countries().countries[INDONESIA].numbers
            if n.kind in ("police", "emergency_where_available")
        ]
    else:
        lines.append(_local_numbers_line(lang))
        lines.append(
            BULLET
            + _t(lang, MSG_IN_INDONESIA_POLICE, police=contacts["police"], emergency=contacts["emergency"])
        )
    if minor:
        lines += _sapa_first(lang, police=False)
    lines.append(BULLET + _t(lang, MSG_MENTAL_HEALTH, site=contacts["mental_health"]))
    if code in (None, INDONESIA):
        lines.append(BULLET + _t(lang, MSG_MENTAL_HEALTH_PHONE, phone=contacts["mental_health_phone"]))
    return _unique(lines)


def minor_lines(location: str | None, lang: str) -> list[str]:
    """A child in danger: SAPA 129 first (and police 110), then the card for where they are."""
    first = [_t(lang, MSG_FOR_A_CHILD), *_sapa_first(lang)]
    return _unique([*first, *card_lines(location, lang)])


def _unique(lines: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for line in lines:
        if line.startswith(BULLET) and line in seen:
            continue
        seen.add(line)
        kept.append(line)
    return kept


def all_locations() -> list[str | None]:
    """Every key a card can be made for (None, each country, each city)."""
    keys: list[str | None] = [None]
    for country in _countries().countries.values():
        keys.append(country.code)
        keys += [f"{country.code}:{c}" for c in country.cities]
    return keys


@functools.cache
def longest(lang: str) -> str:
    """The longest text any variant of the card can be in ``lang`` (for `helpline flows check`)."""
    texts = []
    for key in all_locations():
        texts.append(card_text(key, lang))
        texts.append("\n".join(self_harm_lines(key, lang, minor=True)))
        texts.append("\n".join(minor_lines(key, lang)))
    return max(texts, key=len)
