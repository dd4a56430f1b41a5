"""Human names for the keys stored in theme events (English msgids, translated through locales)."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

from locales import N_, translate

THEMES = {
    "greet": N_("Greetings"),
    "goodbye": N_("Goodbyes"),
    "agency_check": N_("Agency check"),
    "documents": N_("Documents"),
    "visa": N_("Visas"),
    "contract": N_("Contracts"),
    "fees": N_("Fees and costs"),
    "warning_signs": N_("Job-offer warning signs"),
    "departure_prep": N_("Preparing to leave"),
    "destination_info": N_("Destination countries"),
    "rights_abroad": N_("Rights abroad"),
    "report_case": N_("Reporting a case"),
    "return_home": N_("Returning home"),
    "missing_person": N_("Missing relative"),
    "health": N_("Health"),
    "human_agent": N_("Asked for a person"),
    "emergency": N_("Emergency"),
    "out_of_scope": N_("Outside the helpline's scope"),
}
CHANNELS = {
    "telegram": N_("Telegram"),
    "whatsapp": N_("WhatsApp"),
    "webchat": N_("Web chat"),
    "cli": N_("Terminal (testing)"),
}
RISK_LEVELS = {"low": N_("Low risk"), "medium": N_("Medium risk"), "high": N_("High risk")}
AGENCY_RESULTS = {
    "licensed": N_("Licensed"),
    "suspended": N_("Suspended"),
    "revoked": N_("Licence revoked"),
    "not_found": N_("Not in the official list"),
}
PRIORITIES = {"urgent": N_("Urgent"), "normal": N_("Normal"), "all": N_("All tickets")}
_BY_DIMENSION = {
    "theme": THEMES,
    "channel": CHANNELS,
    "risk_level": RISK_LEVELS,
    "agency_result": AGENCY_RESULTS,
    "priority": PRIORITIES,
}


def language_name(code: str, ui_lang: str) -> str:
    """ "jv" -> "Javanese" / "Jawa", from Babel's CLDR data; the code itself when unknown."""
    try:
        name = Locale.parse(ui_lang).languages.get(code)
    except (UnknownLocaleError, ValueError):
        name = None
    return name[:1].upper() + name[1:] if name else code


def label(dimension: str, key: str, ui_lang: str) -> str:
    if dimension == "language":
        return language_name(key, ui_lang)
    msgid = _BY_DIMENSION.get(dimension, {}).get(key)
    return translate(ui_lang, msgid) if msgid else key.replace("_", " ")
