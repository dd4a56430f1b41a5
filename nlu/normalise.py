"""Text clean-up shared by the classifier, the urgent lexicon and language detection.

Users write on cheap phones in chat Indonesian: "sy mw krj k taiwan", "tlg", "gmn", stretched letters
("tolooong"), emoji and stray control characters. Everything downstream sees one canonical spelling so the
training data does not have to contain every abbreviation.
"""

from __future__ import annotations

import re
import unicodedata

# Longest stretch the classifier reads. Longer messages are stories: the classifier reads their start; the
# urgent lexicon reads them whole (nlu/urgent.py, up to its own cap), so a long paste keeps its alarm.
MAX_CHARS = 4000
_CLEAN_CAP = 2 * MAX_CHARS + 16  # the default bound of clean(); callers that scan more pass `limit`

# Chat abbreviations -> the spelling used in the training data. Only unambiguous forms: "k" (ke) and
# "d" (di) are handled because in this domain they are almost always prepositions.
ABBREVIATIONS: dict[str, str] = {
    # pronouns and people
    "sy": "saya", "sya": "saya", "aq": "aku", "ak": "aku", "gw": "saya", "gue": "saya", "gua": "saya",
    "km": "kamu", "kk": "kakak", "kak": "kakak", "ka": "kakak", "min": "admin", "mimin": "admin",
    "sdr": "saudara", "sodara": "saudara", "ortu": "orang tua", "bpk": "bapak", "pak": "bapak",
    "bu": "ibu", "dgn": "dengan", "dg": "dengan", "sm": "sama", "ama": "sama",
    # verbs and auxiliaries
    "mw": "mau", "mo": "mau", "pengen": "ingin", "pgn": "ingin", "pingin": "ingin", "krj": "kerja",
    "kerjo": "kerja", "tlg": "tolong", "tlong": "tolong", "tolongin": "tolong", "plis": "tolong",
    "bs": "bisa", "bsa": "bisa", "udh": "sudah", "udah": "sudah", "dah": "sudah", "sdh": "sudah",
    "blm": "belum", "blum": "belum", "lg": "lagi", "lgi": "lagi", "sdg": "sedang", "tau": "tahu",
    "tw": "tahu", "tahu": "tahu", "liat": "lihat", "kasi": "kasih", "ksh": "kasih", "nyari": "cari",
    "nanya": "tanya", "tny": "tanya", "brgkt": "berangkat", "brangkat": "berangkat", "pulkam": "pulang",
    # question words
    "gmn": "bagaimana", "gmna": "bagaimana", "gimana": "bagaimana", "gmana": "bagaimana",
    "bgmn": "bagaimana", "gimn": "bagaimana", "knp": "kenapa", "napa": "kenapa", "brp": "berapa",
    "brapa": "berapa", "dmn": "dimana", "dmana": "dimana", "kpn": "kapan", "ap": "apa", "apaan": "apa",
    "aj": "saja", "aja": "saja", "doang": "saja",
    # negation and particles
    "ga": "tidak", "gak": "tidak", "gk": "tidak", "g": "tidak", "nggak": "tidak", "ngga": "tidak",
    "enggak": "tidak", "engga": "tidak", "tdk": "tidak", "tak": "tidak", "ndak": "tidak", "kagak": "tidak",
    "gaada": "tidak ada", "gada": "tidak ada", "ora": "tidak", "teu": "tidak",
    "yg": "yang", "utk": "untuk", "untk": "untuk", "tp": "tapi", "tpi": "tapi", "jg": "juga",
    "krn": "karena", "krna": "karena", "karna": "karena", "skrg": "sekarang", "skrang": "sekarang",
    "skg": "sekarang", "bgt": "banget", "bngt": "banget", "dr": "dari", "dri": "dari", "k": "ke",
    "d": "di", "kl": "kalau", "kalo": "kalau", "klo": "kalau", "klu": "kalau", "sblm": "sebelum",
    "stlh": "setelah", "trs": "terus", "trus": "terus", "org": "orang", "orng": "orang",
    "hrs": "harus", "msh": "masih", "masi": "masih", "jd": "jadi", "jdi": "jadi", "spy": "supaya",
    "biar": "supaya", "gpp": "tidak apa apa", "makasih": "terima kasih", "mksh": "terima kasih",
    "makasi": "terima kasih", "trims": "terima kasih", "tq": "terima kasih", "thx": "thanks",
    "thanks": "thanks", "ty": "thanks",
    # domain words
    "pt": "pt", "psprt": "paspor", "pasport": "paspor", "passport": "passport", "dok": "dokumen",
    "dokumn": "dokumen", "agen": "agensi", "agency": "agency", "tki": "pmi", "tkw": "pmi",
    "hp": "hp", "duid": "uang", "duit": "uang", "majkn": "majikan", "bos": "majikan",
    "malay": "malaysia", "msia": "malaysia", "hk": "hong kong", "hongkong": "hong kong",
    "saudi": "arab saudi", "korsel": "korea",
    # English chat
    "u": "you", "ur": "your", "pls": "please", "plz": "please", "im": "i am", "i'm": "i am",
    "dont": "do not", "don't": "do not", "cant": "cannot", "can't": "cannot", "wont": "will not",
    "won't": "will not", "didnt": "did not", "didn't": "did not", "isnt": "is not", "isn't": "is not",
    "r": "are", "wat": "what", "abt": "about", "bc": "because", "coz": "because", "cuz": "because",
    "idk": "i do not know", "rn": "right now", "asap": "as soon as possible",
}

_TOKEN_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)?", re.UNICODE)
_DOUBLE_RE = re.compile(r"^([^\W\d_]{2,})2([^\W\d_]*)$", re.UNICODE)
_REPEAT_RE = re.compile(r"(\w)\1{2,}", re.UNICODE)  # "tolooong" -> "tolong"; no real word triples a letter


def clean(text: object, limit: int = _CLEAN_CAP) -> str:
    """Make any input a safe, bounded string: NFKC, no control characters, collapsed spaces."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = unicodedata.normalize("NFKC", text[:limit])[:limit]
    # Control and format characters (zero-width joiners, bidi marks) break tokenising and fuzzy matching.
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    return " ".join(text.split())


def raw_words(text: str, limit: int = _CLEAN_CAP) -> list[str]:
    """Lower-cased words as written (no abbreviation expansion): what language detection looks at."""
    return _TOKEN_RE.findall(_REPEAT_RE.sub(r"\1", clean(text, limit).lower()))


def tokens(text: str, limit: int = _CLEAN_CAP) -> list[str]:
    """Lower-cased word tokens after abbreviation expansion ("sy mw krj" -> saya mau kerja)."""
    out: list[str] = []
    for word in raw_words(text, limit):
        # Chat reduplication: "luka2" -> "luka luka", "tanda2nya" -> "tanda tandanya".
        double = _DOUBLE_RE.match(word)
        raws = [double.group(1), double.group(1) + double.group(2)] if double else [word]
        for raw in raws:
            expanded = ABBREVIATIONS.get(raw, raw)
            out.extend(expanded.split())
    return out


def normalise(text: str) -> str:
    """The canonical text the classifier is trained and run on."""
    return " ".join(tokens(text))
