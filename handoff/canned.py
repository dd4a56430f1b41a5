"""What staff send with one click, from ``canned_responses.yaml``: canned replies per conversation
language, and the approved WhatsApp message templates.

A template is the only thing WhatsApp delivers more than 24 hours after the user's last message. Meta
approves each one by name, per language; the file says which approved translation (Meta's language
code) serves which conversation language, and its exact text, which staff see before sending and the
transcript keeps. Templates here take no parameters, so the approved text is what the user reads.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

import locales
from handoff.service import HandoffError

CANNED_FILE = Path(__file__).parent / "canned_responses.yaml"
# Meta's rule for template names (lowercase letters, digits, underscores), within Message.template_name.
TEMPLATE_NAME = re.compile(r"[a-z0-9_]{1,128}")
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(_[A-Z]{2})?")  # "id", "en", "en_US": Meta's codes, underscored

MSG_UNKNOWN_TEMPLATE = locales.N_(
    "There is no approved template named “{name}”. Send one of the templates listed on this page."
)
MSG_TEMPLATES_WHATSAPP_ONLY = locales.N_(
    "Templates exist only on WhatsApp. This conversation is on {channel}: write a normal reply instead."
)


class TemplateRefused(HandoffError):
    """A template that cannot be sent; the message comes from the catalogues, in the console's language."""

    def __init__(self, msgid: str, *, status_code: int, **params: str) -> None:
        super().__init__(msgid.format(**params))
        self.msgid, self.params, self.status_code = msgid, params, status_code

    def in_language(self, lang: str) -> str:
        return locales.translate(lang, self.msgid, **self.params)


@dataclass(frozen=True, slots=True)
class ApprovedTemplate:
    name: str
    title: str
    language_codes: Mapping[str, str]  # conversation language -> Meta's code of the approved translation
    texts: Mapping[str, str]  # conversation language -> the approved text

    def translation_for(self, lang: str) -> str:
        """The conversation language whose translation is sent: the user's, else Indonesian, else the first."""
        for candidate in (locales.normalize_language(lang), locales.DEFAULT_LANGUAGE):
            if candidate in self.language_codes:
                return candidate
        return next(iter(self.language_codes))

    def text_for(self, lang: str) -> str:
        return self.texts.get(self.translation_for(lang), "")


# Login names never reach users (issue 22): a "{staff}" placeholder becomes this neutral wording.
NEUTRAL_STAFF = {"id": "staf kami", "en": "a member of our team"}


@lru_cache(maxsize=1)
def canned_responses() -> dict[str, Any]:
    data = yaml.safe_load(CANNED_FILE.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        return {}
    for lang, replies in data.items():
        if lang == "whatsapp_templates" or not isinstance(replies, list):
            continue
        neutral = NEUTRAL_STAFF.get(lang, NEUTRAL_STAFF["en"])
        for reply in replies:
            if isinstance(reply, dict) and isinstance(reply.get("text"), str):
                reply["text"] = reply["text"].replace("{staff}", neutral)
    return data


def parse_templates(entries: Any) -> dict[str, ApprovedTemplate]:
    """The ``whatsapp_templates`` list, checked: a mistake in the file names its entry (tests load it)."""
    found: dict[str, ApprovedTemplate] = {}
    for entry in entries or []:
        name = str(entry.get("name", ""))
        if not TEMPLATE_NAME.fullmatch(name) or name in found:
            raise ValueError(f"whatsapp_templates: bad or repeated template name {name!r}")
        codes = {str(k): str(v) for k, v in (entry.get("languages") or {}).items()}
        if not codes or not all(LANGUAGE_CODE.fullmatch(code) for code in codes.values()):
            raise ValueError(f"whatsapp_templates: {name} needs languages (conversation language: Meta code)")
        texts = {str(k): str(v).strip() for k, v in (entry.get("text") or {}).items()}
        found[name] = ApprovedTemplate(name, str(entry.get("title") or name), codes, texts)
    return found


@lru_cache(maxsize=1)
def approved_templates() -> dict[str, ApprovedTemplate]:
    return parse_templates(canned_responses().get("whatsapp_templates"))


def find_template(name: str) -> ApprovedTemplate:
    """The configured template of that name; anything else is refused before anything is stored."""
    template = approved_templates().get(name)
    if template is None:
        raise TemplateRefused(MSG_UNKNOWN_TEMPLATE, status_code=422, name=name[:128])
    return template
