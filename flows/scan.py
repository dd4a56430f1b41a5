"""Advert scan: warning signs of a scam or trafficking offer in the text of a job advert.

Pure (no I/O beyond reading ``flows/content/advert_signals.yaml`` and ``countries.yaml`` once):
``scan(text) -> ScanResult(risk, flags)``. Used by ``helpline scan`` (flows/scan_cli.py) and the chat's
advert check (flows/actions/job_offer.py). Weights, thresholds, countries, going salaries and exchange rates
are data (the YAML file, with sources); the word patterns and the explanations are here, the explanations
marked with ``N_`` so they are translated through ``locales/``.

Scoring: the weights of the flags found are added, mitigations (a SIP3MI licence number, an official
channel, G-to-G) take off at most ``mitigation_cap``; a severe flag keeps the risk at least medium because a
licence number is easy to copy. A phrase right after "bukan / tidak / tanpa / jangan / waspada ..." in the
same clause does not count ("visa kerja, bukan visa turis"; "jangan percaya calo").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from flows.countries import default_countries
from locales import N_, translate

SIGNALS_FILE = Path(__file__).parent / "content" / "advert_signals.yaml"
RISKS = ("none", "low", "medium", "high")

WHY: dict[str, str] = {
    "upfront_fee": N_(
        "Money asked before you leave. By law you may not be charged placement costs (UU 18/2017 art. 30)."
    ),
    "personal_account": N_(
        "Payment to a personal account or e-wallet. A licensed company never asks for this. Do not send money."
    ),
    "salary_too_high": N_(
        "The pay ({salary} a month) is far above the usual pay for this work in {country} "
        "(about {usual}). Pay that is too good to be true is a common trick."
    ),
    "fast_departure": N_(
        "Leaving in days or weeks. The official process takes months: registration, training, checks, visa."
    ),
    "only_ktp": N_(
        '"Only your ID card". The law asks for many documents, such as a work visa, a contract and family consent.'
    ),
    "no_requirements": N_(
        "No training, test or language needed. {country} requires them. Without them there is no real job."
    ),
    "no_training": N_(
        "No training needed. Every worker must have training and a skills certificate (UU 18/2017 art. 13)."
    ),
    "wrong_visa": N_(
        "Tourist, visit, umrah or ziarah visa. Licensed companies use work visas. "
        "Working on another visa is a common trafficking route."
    ),
    "passport_kept": N_(
        "Your passport kept by the company or employer. That is a sign of forced labour. "
        "Your passport must stay with you."
    ),
    "risky_country": N_(
        "{country}: Indonesia has no placement agreement there. Such offers often lead to scam compounds "
        "where people are forced to work."
    ),
    "online_scam_job": N_(
        'An "online" job (admin, customer service, crypto, game). This is how people are lured '
        "into scam compounds."
    ),
    "personal_contact_only": N_(
        "Only a personal WhatsApp, Telegram or DM, no company name or office. You cannot check who they are."
    ),
    "pressure": N_('Pressure to hurry ("limited places", "hurry"). Take your time and check first.'),
    "age_change": N_(
        "They offer to change your age or papers. Fake papers are a crime and leave you with fewer rights."
    ),
    "underage": N_("They take people younger than allowed. You must be at least {age} for this work."),
    "salary_deduction": N_("Pay cut for {months} months. That is debt bondage, a sign of forced labour."),
    "debt_from_wages": N_(
        "Costs paid back from your wages, or a debt to work off. That is a sign of forced labour."
    ),
    "hostess_work": N_(
        "Karaoke, hostess or spa work for young women. Such offers often lead to sexual exploitation."
    ),
    "individual_sponsor": N_(
        "A person (sponsor, calo), not a licensed company. Only licensed companies (P3MI) "
        "or government schemes may send workers."
    ),
    "banned_domestic": N_(
        "Domestic work for a family in {country} is banned (Kepmenaker 260/2015). The recruiter commits a crime."
    ),
    "spsk_claim": N_(
        "Saudi housework is only legal through the government's one-channel system (SPSK). "
        'Check the job order at BP3MI: scammers also say "SPSK".'
    ),
    "irregular_route": N_(
        "A secret route or travel without proper papers. You would have fewer rights and much more risk."
    ),
    "secrecy": N_("You are told to keep it secret. That is a typical sign of trafficking."),
    "body_photo": N_("Full-body photos asked for. IOM lists this as a red flag."),
}
MITIGATION_WHY: dict[str, str] = {
    "licence_number": N_("A licence number (SIP3MI) is given: check it on SISKOP2MI."),
    "official_channel": N_("An official channel is named (SISKOP2MI, LTSA, Disnaker, BP3MI or KP2MI)."),
    "g2g": N_("A government scheme (G-to-G, EPS-TOPIK) is named: apply only through KP2MI."),
}

# ---- words ---------------------------------------------------------------------------------------------
_NOT = re.compile(
    r"\b(?:bukan|tidak|tdk|gak|ga|nggak|ngga|enggak|tak|jangan|jgn|no|not|never|tanpa|tnp|anti|hindari|"
    r"waspada|hati-hati|awas|bebas)\b"
)
_CLAUSE = re.compile(r"[.,!?;:\n]")
_WITHOUT = r"(?:tanpa|tnp|tidak perlu|tdk perlu|gak perlu|ga perlu|nggak perlu|ngga perlu|tak perlu|gak usah|no|without)"


def _c(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    "upfront_fee": _c(
        r"\b(?:biaya|uang|dana)\s+(?:pendaftaran|daftar|administrasi|admin|adm|proses|pemberangkatan|"
        r"keberangkatan|medical|medikal|pelatihan|training|jaminan|muka|pengurusan|transport|visa|tiket)\b",
        r"\b(?:bayar|byr|setor|transfer|tf|trf)\s+(?:dulu|dlu|dl|di\s*muka|di\s*depan|awal|dp)\b",
        r"\b(?:bayar|byr|setor|transfer|tf|trf)\b[^.,\n\d]{0,20}?(?:rp\.?\s*)?\d",
        r"\bbiaya\s+(?:rp\.?\s*)?\d",
        r"\bdp\s+(?:rp\.?\s*)?\d",
        r"\b(?:processing|registration|placement|training|medical|admin)\s+fees?\b",
        r"\bpay\b[^.\n]{0,40}\bfirst\b",
        r"\bdeposit\b",
    ),
    "personal_account": _c(
        r"\b(?:rekening|rek|norek)\b\.?\s*(?:[a-z]+\s+){0,2}(?:a\.?\s?n\b|atas nama|pribadi|admin)",
        r"\b(?:transfer|tf|kirim|bayar)\s+(?:ke\s+)?(?:dana|ovo|gopay|shopeepay|pulsa)\b",
        r"\b(?:dana|ovo|gopay)\s+0?8\d",
        r"\bpersonal (?:bank )?account\b",
    ),
    "fast_departure": _c(
        r"\b(?:berangkat|brangkat|brgkt|berangkatkan|terbang|proses|flight|start|mulai kerja)\b\D{0,15}?"
        r"\b(?:\d+|satu|dua|tiga|se)\s*(?:-\s*\d+\s*)?(?:hari|hr|minggu|mgg|pekan|weeks?|days?)\b",
        r"\b(?:berangkat|terbang|proses)\s+(?:dalam\s+)?(?:se)?minggu\b",
        r"\b(?:langsung|lgsg|lgsung|cepat|cpt)\s+(?:berangkat|terbang|brangkat)\b",
        r"\b(?:berangkat|brangkat|terbang|proses)\s+(?:cepat|kilat|express|langsung)\b",
        r"\b(?:berangkat|terbang|proses)\b[^.\n]{0,15}\b(?:minggu|pekan) depan\b",
        r"\b(?:berangkat|terbang)\s+(?:\w+\s+)?bulan ini\b",
        r"\b(?:berangkat|terbang|proses)\s+(?:\w+\s+)?(?:1|satu|se)\s*bulan\b",
        r"\bjalur cepat\b",
        r"\b(?:start|fly|leave) next week\b",
        r"\bfast process\b",
    ),
    "only_ktp": _c(
        r"\b(?:cukup|hanya|cuma|cm|modal|bermodal)\s+(?:bawa\s+)?(?:ktp|kk|e-ktp|paspor)\b",
        r"\b(?:ktp|kk)\b[^.\n]{0,12}\b(?:saja|aja|doang)\b",
        r"\bpaspor\s+(?:saja|aja|doang)\b",
        r"\bonly (?:your )?(?:id card|ktp)\b",
    ),
    "no_training": _c(rf"\b{_WITHOUT}\s+(?:pelatihan|training|kursus|sertifikat|blk|penampungan)\b"),
    "no_requirements": _c(
        rf"\b{_WITHOUT}\s+(?:tes|test|ujian|bahasa|topik|eps|jlpt|pengalaman|exp|experience|skill|keahlian)\b",
        r"\btidak (?:perlu |harus )?bisa bahasa\b",
        r"\bno (?:experience|language|test)\b",
    ),
    "wrong_visa": _c(
        r"\bvisa\s+(?:turis|turist|wisata|kunjungan|kunjung|umro?h|umrah|ziarah|pelancong|on arrival|free)\b",
        r"\bvisa\s+holiday\b",
        r"\b(?:tourist|visit|visiting|umrah|umroh|ziarah)\s+visas?\b",
        r"(?<!working )\bholiday visa\b",
        r"\bpaspor\s+pelancong\b",
        r"\bfree visa\b",
    ),
    "passport_kept": _c(
        r"\bpaspor\b[^.,\n]{0,20}?\b(?:di\s*tahan|ditahan|disimpan|dipegang|dititipkan|dikumpulkan|disita)\b"
        r"(?![^.,\n]{0,12}\b(?:sendiri|pekerja|anda)\b)",
        r"\bpassports?\s+(?:will be\s+)?(?:kept|held|retained)\b",
        r"\bkeep (?:your )?passport\b",
    ),
    "online_scam_job": _c(
        r"\b(?:admin|cs|customer service|operator|marketing|telemarketing|chat)\s+(?:online|crypto|kripto|"
        r"judi|game|slot|chat)\b",
        r"\b(?:online|crypto|kripto)\s+(?:customer service|cs|admin|job)\b",
        r"\b(?:typing job|scammer|judi online|crypto|kripto)\b",
    ),
    "pressure": _c(
        r"\b(?:kuota|quota|kouta|slot|tempat|kursi)\s+(?:sangat\s+)?(?:terbatas|tinggal\s+\d)",
        r"\bbur+ua+n\b",
        r"\bsegera\b",
        r"\bbutuh cepat\b",
        r"\bsiapa cepat\b",
        r"\bjangan sampai (?:ketinggalan|kehabisan)\b",
        r"\blimited (?:slots?|quota|places)\b",
        r"\burgent\b",
        r"\bfast respon",
    ),
    "age_change": _c(
        r"\b(?:umur|usia)\b[^.,\n]{0,20}?\b(?:bisa\s+)?(?:di\s*)?(?:atur|tuakan|mudakan|ubah|rubah|tambah|"
        r"bantu|sesuaikan|naikkan|akali|akalin|palsu)\b",
        r"\b(?:data|ktp|akte|akta|paspor|dokumen|kk)\b[^.,\n]{0,12}?\b(?:bisa\s+)?(?:dituakan|dimudakan|"
        r"diubah|dirubah|dipalsu|dipalsukan)\b",
        r"\b(?:change|fix) (?:your )?age\b",
    ),
    "salary_deduction": _c(
        r"\b(?:potong(?:an)?|dipotong|deduction)\s*(?:gaji|gj|salary)?\s*(?:selama\s+)?(\d+)\s*"
        r"(?:-\s*\d+\s*)?(?:bulan|bln|bl|months?)\b",
        r"\b(\d+)\s*(?:bulan|bln|months?)\s+(?:potong(?:an)?|dipotong)\b",
    ),
    "debt_from_wages": _c(
        r"\b(?:potong(?:an)?|dipotong)\s+(?:dari\s+)?(?:gaji|gj)\b",
        r"\b(?:hutang|utang)\b[^.\n]{0,15}\b(?:lunas|dipotong|dibayar|dicicil)\b",
        r"\bwork off (?:the |your )?debt\b",
    ),
    "individual_sponsor": _c(
        r"\b(?:calo|sponsor|perorangan|perseorangan)\b",
        r"\b(?:lewat|ikut|melalui)\s+saya\b",
        r"\bsaya\s+(?:yang\s+|yg\s+)?(?:sponsor|urus|bawa|jemput|berangkatkan)\b",
        r"\b(?:saudara|teman|kenalan|bos)\s+saya\b",
        rf"\b(?:{_WITHOUT}|gak usah|ga usah)\s+(?:lewat\s+)?(?:pt|agen|perusahaan|p3mi)\b",
    ),
    "irregular_route": _c(
        r"\bjalur\s+(?:tikus|belakang|samping|gelap|ilegal|illegal)\b",
        r"\b(?:lewat|via|melalui)\s+(?:hutan|jalan tikus|pelabuhan tikus|speedboat|speed boat)\b",
        rf"\b{_WITHOUT}\s+paspor\b",
        r"\bpaspor\s+(?:biasa|pelancong)\b",
        r"\bvisa\s+(?:\w+\s+)?(?:diurus|dibuat|diganti|ganti)\s+di\s+sana\b",
        r"\b(?:diganti|ganti)\s+(?:jadi\s+)?visa kerja\b",
    ),
    "secrecy": _c(
        r"\brahasia(?:kan)?\b",
        r"\bjangan\s+(?:bilang|kasih tahu|kasih tau|cerita|beritahu|beri tahu)\b",
        r"\bkeep (?:it )?(?:secret|confidential)\b",
        r"\b(?:don't|do not) tell\b",
    ),
    "body_photo": _c(
        r"\bfoto\s+(?:full|seluruh)\s*(?:badan|body)\b", r"\bfull[- ]?body\b", r"\bfoto (?:seksi|sexy)\b"
    ),
}
MITIGATION_PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    "licence_number": _c(r"\bsip3mi\W{0,8}(?:no\.?\s*|nomor\s*)?\d", r"\b(?:no\.?|nomor)\s+izin\s*:?\s*\d"),
    "official_channel": _c(
        r"\bsiskop2mi\b",
        r"\bltsa\b",
        r"\bdisnaker\b",
        r"\bbp3mi\b",
        r"\bkp2mi\b",
        r"\bbp2mi\b",
        r"\bsiapkerja\b",
        r"\bone channel system\b",
        r"\bkemnaker\b",
    ),
    "g2g": _c(r"\bg\s*-?\s*to\s*-?\s*g\b", r"\bg2g\b", r"\beps-?topik\b", r"\bijepa\b", r"\btriple win\b"),
}
_DOMESTIC = re.compile(
    r"\b(?:art|prt|pembantu|asisten rumah tangga|pekerja rumah tangga|housemaid|maids?|domestic|babysitter|"
    r"baby sitter|nanny|pengasuh|jaga (?:anak|bayi|lansia)|perawat lansia|caregivers?|sopir keluarga|"
    r"supir keluarga|tkw|plrt|fdw|helpers?)\b"
)
_HOSTESS = re.compile(
    r"\b(?:lc|ladies companion|pemandu lagu|hostess|host club|karaoke|ktv|club malam|klub malam|night ?club|"
    r"spa|massage|pijat|bar girl|penari|dancer|entertainer|gro)\b"
)
_YOUNG_WOMEN = re.compile(
    r"\b(?:wanita|cewek|cewe|perempuan|gadis|girls?|women|ladies|cantik|good looking|berpenampilan menarik|"
    r"muda|young)\b"
)
_SPSK = re.compile(r"\b(?:spsk|satu kanal|syarikah)\b")
_CONTACT = re.compile(
    r"\b(?:wa|whatsapp|w\.a|telegram|tele|tg|dm|inbox|japri|pm|chat|hubungi|hub|contact|call|telp|line)\b|"
    r"(?:\+\d{2}|\b0)8\d{2}[\s-]?\d{2,4}|@[a-z0-9_]{3,}"
)
_COMPANY = re.compile(
    r"\bpt\.?\s+[a-z]|\bcv\.?\s+[a-z]|\bsip3mi\b|\bkantor\b|\balamat\b|\boffice\b|\bsiskop2mi\b|\bltsa\b|"
    r"\bdisnaker\b|\bbp3mi\b|\bkp2mi\b|\bbp2mi\b|licensed (?:indonesian )?agency"
)
_AGE_RANGE = re.compile(
    r"\b(?:usia|umur|age|aged)\s*:?\s*(?:min\.?\s*)?(\d{1,2})\s*(?:-|–|s/d|sampai|to)\s*(\d{2})"
)
_AGE_ONE = re.compile(
    r"\b(?:usia|umur|age|aged)\s*:?\s*(\d{1,2})\s*(?:tahun|th|thn|years?)?\s*(?:bisa|boleh|ok|masuk)\b"
)

# ---- money ---------------------------------------------------------------------------------------------
_CUR_BEFORE = {
    "rp": "IDR",
    "idr": "IDR",
    "nt$": "TWD",
    "ntd": "TWD",
    "twd": "TWD",
    "rm": "MYR",
    "myr": "MYR",
    "hk$": "HKD",
    "hkd": "HKD",
    "s$": "SGD",
    "sgd": "SGD",
    "us$": "USD",
    "usd": "USD",
    "$": "USD",
    "¥": "JPY",
    "jpy": "JPY",
    "krw": "KRW",
    "sar": "SAR",
    "aed": "AED",
    "qar": "QAR",
    "kwd": "KWD",
    "omr": "OMR",
    "jod": "JOD",
    "eur": "EUR",
    "€": "EUR",
    "pln": "PLN",
    "aud": "AUD",
    "bnd": "BND",
}
_CUR_AFTER = {
    **{k: v for k, v in _CUR_BEFORE.items() if k.isalpha()},
    "dolar": "USD",
    "dollar": "USD",
    "yen": "JPY",
    "won": "KRW",
    "riyal": "SAR",
    "real": "SAR",
    "dirham": "AED",
    "ringgit": "MYR",
    "euro": "EUR",
}
_CUR_B = "|".join(re.escape(k) for k in sorted(_CUR_BEFORE, key=len, reverse=True))
_CUR_A = "|".join(re.escape(k) for k in sorted(_CUR_AFTER, key=len, reverse=True))
_NUM = r"\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d{1,2})?"
_MONEY = re.compile(
    rf"(?:(?P<cur>{_CUR_B})\.?\s*)?(?P<num>{_NUM})(?:\s*(?:-|–|s/d|sampai)\s*(?:(?:{_CUR_B})\.?\s*)?(?P<num2>{_NUM}))?"
    rf"\s*(?P<unit>juta|jt|jta|rb|ribu|k)?\b\s*(?P<cur2>{_CUR_A})?\b"
)
_SALARY_WORD = re.compile(r"\b(?:gaji|gj|salary|upah|penghasilan|pendapatan|income|thp|take home|pay)\b")
_OTHER_MONEY_WORD = re.compile(
    r"\b(?:biaya|bayar|byr|dp|transfer|tf|setor|uang|fee|jaminan|administrasi|pendaftaran|potong|tinggi|"
    r"usia|umur|lembur|makan|ujian|ot)\b"
)
_HOURLY = re.compile(r"^\s*(?:/|per\s+)\s*(?:jam|hari|hr|hour|day|h)\b")


def _number(raw: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", raw):
        return float(re.sub(r"[.,]", "", raw))
    return float(raw.replace(",", "."))


@dataclass(frozen=True, slots=True)
class Amount:
    idr: float
    start: int
    salary: bool


def amounts(text: str, rates: dict[str, float]) -> list[Amount]:
    """Every sum of money in ``text`` in rupiah ("25jt", "Rp 3.500.000", "3,5 juta", "NT$ 28.590", "RM1500")."""
    found: list[Amount] = []
    text = text.lower()
    for m in _MONEY.finditer(text):
        cur = _CUR_BEFORE.get((m["cur"] or "").lower()) or _CUR_AFTER.get((m["cur2"] or "").lower())
        unit = m["unit"]
        if cur is None and unit is None:
            continue
        value = max(_number(m["num"]), _number(m["num2"]) if m["num2"] else 0.0)
        if unit in ("juta", "jt", "jta"):
            value *= 1_000_000
            cur = cur or "IDR"
        elif unit in ("rb", "ribu", "k"):
            value *= 1_000
            cur = cur or "IDR"
        if cur is None or _HOURLY.match(text[m.end() : m.end() + 12]):
            continue
        rate = 1.0 if cur == "IDR" else rates.get(cur)
        if rate is None:
            continue
        before = text[max(0, m.start() - 40) : m.start()]
        salary_at = max((w.end() for w in _SALARY_WORD.finditer(before)), default=-1)
        other_at = max((w.end() for w in _OTHER_MONEY_WORD.finditer(before)), default=-1)
        found.append(Amount(value * rate, m.start(), salary_at > other_at))
    return found


# ---- data ----------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Signals:
    weights: dict[str, int]
    mitigations: dict[str, int]
    thresholds: dict[str, int]
    severe: int
    mitigation_cap: int
    risky: frozenset[str]
    domestic_ban: frozenset[str]
    ban_exception: dict[str, str]
    names: dict[str, dict[str, str]]
    country_re: re.Pattern[str]
    alias_code: dict[str, str]
    rates: dict[str, float]
    going: dict[str, dict[str, float]]
    far_above: float
    unknown_limit: float
    min_age: int
    min_age_domestic: dict[str, int]
    tests_required: frozenset[str]


def _country_aliases() -> Iterator[tuple[str, str, dict[str, str]]]:
    for country in default_countries().countries.values():
        if country.code == "ID":
            continue
        words = list(country.aliases) + list(country.weak_aliases)
        for city in country.cities.values():
            words += list(city.aliases) + list(city.weak_aliases)
        for word in words:
            yield word, country.code, country.name


def parse_signals(raw: dict[str, Any]) -> Signals:
    names: dict[str, dict[str, str]] = {}
    alias_code: dict[str, str] = {}
    for word, code, name in _country_aliases():
        alias_code.setdefault(word, code)
        names[code] = name
    for code, body in (raw.get("extra_aliases") or {}).items():
        names.setdefault(str(code), dict(body["name"]))
        for word in body["aliases"]:
            alias_code.setdefault(str(word), str(code))
    alternation = "|".join(re.escape(a) for a in sorted(alias_code, key=len, reverse=True))
    going = {
        str(code): {k: float(v) for k, v in body.items() if k in ("domestic", "other")}
        for code, body in raw["going_salary"].items()
    }
    ban = raw["domestic_ban"]
    return Signals(
        weights={str(k): int(v) for k, v in raw["weights"].items()},
        mitigations={str(k): int(v) for k, v in raw["mitigations"].items()},
        thresholds={str(k): int(v) for k, v in raw["thresholds"].items()},
        severe=int(raw["severe"]),
        mitigation_cap=int(raw["mitigation_cap"]),
        risky=frozenset(raw["risky_countries"]["codes"]),
        domestic_ban=frozenset(ban["codes"]),
        ban_exception={str(k): str(v) for k, v in (ban.get("exception") or {}).items()},
        names=names,
        country_re=re.compile(rf"(?<![a-z0-9])(?:{alternation})(?![a-z0-9])"),
        alias_code=alias_code,
        rates={str(k): float(v) for k, v in raw["rates"]["idr_per"].items()},
        going=going,
        far_above=float(raw["far_above"]),
        unknown_limit=float(raw["unknown_country_limit"]),
        min_age=int(raw["min_age"]["default"]),
        min_age_domestic={str(k): int(v) for k, v in raw["min_age"]["domestic"].items()},
        tests_required=frozenset(raw["tests_required"]["codes"]),
    )


@functools.cache
def default_signals() -> Signals:
    return parse_signals(yaml.safe_load(SIGNALS_FILE.read_text(encoding="utf-8")))


def signal_problems(signals: Signals | None = None) -> list[str]:
    """Every flag has a weight and an explanation, and the other way round (for tests and `flows check`)."""
    signals = signals or default_signals()
    known = set(WHY)
    problems = [f"advert_signals.yaml: weight for unknown flag {k!r}" for k in set(signals.weights) - known]
    problems += [f"advert_signals.yaml: no weight for flag {k!r}" for k in known - set(signals.weights)]
    problems += [
        f"advert_signals.yaml: unknown mitigation {k!r}"
        for k in set(signals.mitigations) - set(MITIGATION_WHY)
    ]
    return problems


# ---- the scan ------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Flag:
    id: str
    why: str  # English, with the details filled in
    params: dict[str, Any] = field(default_factory=dict)  # str, or {"en": ..., "id": ...} per language

    def explain(self, lang: str) -> str:
        """The explanation in ``lang`` (gettext catalogs)."""
        values = {k: (v.get(lang) or v["en"]) if isinstance(v, dict) else v for k, v in self.params.items()}
        return translate(lang, WHY[self.id], **values)


@dataclass(frozen=True, slots=True)
class ScanResult:
    risk: str
    flags: list[Flag]
    mitigations: list[Flag] = field(default_factory=list)
    score: int = 0

    def as_json(self, text: str) -> dict[str, Any]:
        return {"risk": self.risk, "flags": [{"id": f.id, "why": f.why} for f in self.flags], "text": text}


def normalise(text: str) -> str:
    # A line broken in the middle of a sentence is one clause; a new line after punctuation or before a
    # capital starts a new one (lists in WhatsApp posts).
    text = re.sub(r"(?<=[^\s.,!?;:])\n(?=[a-z0-9(])", " ", text)
    text = text.lower().replace("\u00a0", " ").replace("’", "'")
    return re.sub(r"[ \t]+", " ", text)


def _negated(text: str, start: int) -> bool:
    before = text[max(0, start - 30) : start]
    clause = _CLAUSE.split(before)[-1]
    return bool(_NOT.search(clause))


def _hits(text: str, patterns: Iterable[re.Pattern[str]]) -> list[re.Match[str]]:
    return [m for p in patterns for m in p.finditer(text) if not _negated(text, m.start())]


def _rupiah(value: float) -> str:
    return "Rp " + f"{round(value, -5):,.0f}".replace(",", ".")


def _countries(text: str, s: Signals) -> list[str]:
    codes: list[str] = []
    for m in s.country_re.finditer(text):
        code = s.alias_code[m.group(0)]
        if code not in codes and not _negated(text, m.start()):
            codes.append(code)
    return codes


def scan(text: str, signals: Signals | None = None) -> ScanResult:
    s = signals or default_signals()
    t = normalise(text)
    flags: dict[str, Flag] = {}

    def add(flag_id: str, **params: Any) -> None:
        if flag_id not in flags:
            english = {k: v["en"] if isinstance(v, dict) else v for k, v in params.items()}
            flags[flag_id] = Flag(flag_id, WHY[flag_id].format(**english), params)

    simple = (
        "upfront_fee",
        "personal_account",
        "fast_departure",
        "only_ktp",
        "no_training",
        "wrong_visa",
        "passport_kept",
        "online_scam_job",
        "pressure",
        "age_change",
        "irregular_route",
        "secrecy",
        "body_photo",
        "individual_sponsor",
    )
    for flag_id in simple:
        if _hits(t, PATTERNS[flag_id]):
            add(flag_id)

    codes = _countries(t, s)
    domestic = bool(_DOMESTIC.search(t))
    for code in codes:
        if code in s.risky:
            add("risky_country", country=s.names[code])
            break
    for code in codes:
        if domestic and code in s.domestic_ban:
            if s.ban_exception.get(code) == "spsk" and _SPSK.search(t):
                add("spsk_claim")
            else:
                add("banned_domestic", country=s.names[code])
            break
    tested = next((c for c in codes if c in s.tests_required), None)
    if tested and _hits(t, PATTERNS["no_requirements"]):
        add("no_requirements", country=s.names[tested])

    deductions = [int(m.group(1)) for m in _hits(t, PATTERNS["salary_deduction"])]
    if any(n >= 2 for n in deductions):
        add("salary_deduction", months=str(max(deductions)))
    elif _hits(t, PATTERNS["debt_from_wages"]):
        add("debt_from_wages")

    if _HOSTESS.search(t) and (_YOUNG_WOMEN.search(t) or _young_range(t)):
        hostess = [m for m in _HOSTESS.finditer(t) if not _negated(t, m.start())]
        if hostess:
            add("hostess_work")

    _check_age(t, s, codes, domestic, add)
    _check_salary(t, s, codes, domestic, add)
    if _CONTACT.search(t) and not _COMPANY.search(t):
        add("personal_contact_only")

    mitigations = [
        Flag(m_id, MITIGATION_WHY[m_id]) for m_id, pats in MITIGATION_PATTERNS.items() if _hits(t, pats)
    ]
    return _score(s, list(flags.values()), mitigations)


def _young_range(t: str) -> bool:
    return any(int(m.group(2)) <= 30 for m in _AGE_RANGE.finditer(t))


def _check_age(t: str, s: Signals, codes: list[str], domestic: bool, add: Any) -> None:
    required = s.min_age
    if domestic:
        required = max([required] + [s.min_age_domestic[c] for c in codes if c in s.min_age_domestic])
    lows = [int(m.group(1)) for m in _AGE_RANGE.finditer(t)] + [int(m.group(1)) for m in _AGE_ONE.finditer(t)]
    if any(10 <= low < required for low in lows):
        add("underage", age=str(required))


def _check_salary(t: str, s: Signals, codes: list[str], domestic: bool, add: Any) -> None:
    salaries = [a.idr for a in amounts(t, s.rates) if a.salary]
    if not salaries:
        return
    top = max(salaries)
    country = next((c for c in codes if c in s.going), None)
    if country is not None:
        usual = s.going[country]["domestic" if domestic else "other"]
        if top > s.far_above * usual:
            add("salary_too_high", salary=_rupiah(top), country=s.names[country], usual=_rupiah(usual))
    elif not codes and top > s.unknown_limit:
        unknown = {"en": "another country", "id": "negara lain"}
        add(
            "salary_too_high",
            salary=_rupiah(top),
            country=unknown,
            usual=_rupiah(s.unknown_limit / s.far_above),
        )


def _score(s: Signals, flags: list[Flag], mitigations: list[Flag]) -> ScanResult:
    flags.sort(key=lambda f: -s.weights[f.id])
    if not flags:
        return ScanResult("none", [], mitigations, 0)
    total = sum(s.weights[f.id] for f in flags)
    total = max(0, total - min(s.mitigation_cap, sum(s.mitigations[m.id] for m in mitigations)))
    th = s.thresholds
    risk = "high" if total >= th["high"] else "medium" if total >= th["medium"] else "low"
    if risk == "low" and any(s.weights[f.id] >= s.severe for f in flags):
        risk = "medium"
    return ScanResult(risk, flags, mitigations, total)
