"""Catalog maintenance: extract msgids, update the .po files, compile the .mo files, find gaps.

`helpline locales extract` = ``pybabel extract -F babel.cfg -k translate:2`` over the repository (Python in
bot/ handoff/ insights/ flows/ locales/ and the flow YAML), then updates ``id`` and ``en``. English is
the source language, so new English entries get ``msgstr = msgid``; Indonesian entries stay empty until a
translator fills them (the tests fail until then). `helpline locales compile` writes the ``.mo`` files.
"""

from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from locales import DOMAIN, LOCALES_DIR, SOURCE_LANGUAGE, SUPPORTED_LANGUAGES, catalog_paths, reload

REPO_ROOT = LOCALES_DIR.parent
MAPPING_FILE = REPO_ROOT / "babel.cfg"
TEMPLATE = LOCALES_DIR / f"{DOMAIN}.pot"
KEYWORDS = ("translate:2", "N_", "_")
PO_WIDTH = 100


@dataclass(frozen=True, slots=True)
class CatalogGap:
    lang: str
    msgid: str
    problem: str  # "missing" or "fuzzy"


def extract(template: Path = TEMPLATE) -> Path:
    """Write the .pot template from the code and the flow files."""
    if str(REPO_ROOT) not in sys.path:  # the flow extractor is imported by name from babel.cfg
        sys.path.insert(0, str(REPO_ROOT))
    args = ["pybabel", "-q", "extract", "-F", str(MAPPING_FILE), "-o", str(template)]
    for keyword in KEYWORDS:
        args += ["-k", keyword]
    args += [
        "--add-comments=TRANSLATORS:",
        "--sort-by-file",
        "--no-wrap",
        "--project=safe-migration-helpline",
    ]
    args.append(".")
    with contextlib.chdir(REPO_ROOT):  # locations relative to the repository, the same on every machine
        CommandLineInterface().run(args)
    return template


def read_catalog(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=lang)


def write_catalog(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=PO_WIDTH, ignore_obsolete=True, include_previous=False)


def update(template: Path = TEMPLATE) -> dict[str, int]:
    """Merge the template into every language; returns how many entries still need a translator."""
    pot = read_catalog(template)
    untranslated: dict[str, int] = {}
    for lang in SUPPORTED_LANGUAGES:
        po_path, _ = catalog_paths(lang)
        catalog = read_catalog(po_path, lang) if po_path.exists() else _new_catalog(lang)
        # No fuzzy matching: a guessed translation of a similar sentence can be wrong about the law.
        catalog.update(pot, no_fuzzy_matching=True, update_header_comment=False)
        catalog.obsolete.clear()
        if lang == SOURCE_LANGUAGE:
            for message in catalog:
                if message.id and not message.string:
                    message.string = message.id
        write_catalog(catalog, po_path)
        untranslated[lang] = sum(1 for m in catalog if m.id and (not m.string or m.fuzzy))
    reload()
    return untranslated


def _new_catalog(lang: str) -> Catalog:
    return Catalog(
        locale=lang,
        domain=DOMAIN,
        project="safe-migration-helpline",
        version="0.1.0",
        copyright_holder="safe-migration-helpline",
        msgid_bugs_address="",
        fuzzy=False,
    )


def compile_catalogs(directory: Path = LOCALES_DIR) -> dict[str, int]:
    """Write ``<lang>/LC_MESSAGES/messages.mo`` for every language; returns translated counts."""
    counts: dict[str, int] = {}
    for lang in SUPPORTED_LANGUAGES:
        po_path = directory / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        catalog = read_catalog(po_path, lang)
        with po_path.with_suffix(".mo").open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        counts[lang] = sum(1 for m in catalog if m.id and m.string and not m.fuzzy)
    reload()
    return counts


def gaps(msgids: set[str] | None = None) -> list[CatalogGap]:
    """Entries without a usable translation (empty or fuzzy), in any supported language."""
    found = []
    for lang in SUPPORTED_LANGUAGES:
        po_path, _ = catalog_paths(lang)
        catalog = read_catalog(po_path, lang) if po_path.exists() else Catalog(locale=lang)
        present = {m.id for m in catalog if m.id}
        for message in catalog:
            if not message.id or (msgids is not None and message.id not in msgids):
                continue
            if not message.string:
                found.append(CatalogGap(lang, str(message.id), "missing"))
            elif message.fuzzy:
                found.append(CatalogGap(lang, str(message.id), "fuzzy"))
        found += [CatalogGap(lang, m, "missing") for m in sorted((msgids or set()) - present)]
    return found
