"""Where the person is, from what they write: "sy di taiwan", "abdi di riyadh", "aku neng hongkong", "di kl".

:func:`detect_location` is a pure function over the place names in ``flows/content/countries.yaml``
(``aliases`` anywhere, ``weak_aliases`` such as "kl", "sg", "arab" only after a place word like "di" or as
the whole answer), a few Indonesian "at home" phrases ("di rumah", "di kampung") and rapidfuzz for typos
("malaysa", "riyad", "hongkon") on longer names only, never on ordinary words that sit one letter away
("kucing" is a cat, not Kuching; "ditawan" is held captive, not Taiwan).

``here`` says the person is there now ("di / neng / ning / nang / kat / in / at / dekat / sekarang di");
it is False for a destination ("mau ke taiwan", "kerja ke malaysia": then ``going`` is True), an origin
("saya dari cirebon"), the past ("dulu kerja di malaysia") and a bare name ("TKW hongkong"). The engine
stores a location only when ``here`` is True; the emergency card's "Where are you now?" accepts any
answer that is not a destination.

The stored form is :attr:`Location.key`: ``"MY"`` or ``"MY:johor_bahru"``; :func:`parse_key` reads it back.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from flows.countries import INDONESIA, Countries, default_countries


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True, slots=True)
class Location:
    code: str  # ISO 3166 alpha-2, e.g. "MY"; "ID" for Indonesia
    city: str | None  # a city key of countries.yaml, e.g. "johor_bahru" (the area a mission serves)
    here: bool  # the person is there now
    matched: str  # the words that matched (normalised)
    going: bool = False  # a destination: "mau ke taiwan"

    @property
    def key(self) -> str:
        return f"{self.code}:{self.city}" if self.city else self.code


def parse_key(key: str | None) -> Location | None:
    """``"MY:johor_bahru"`` -> Location; None for an unknown country. A city no longer in the file is dropped."""
    if not key:
        return None
    code, _, city = key.strip().partition(":")
    country = default_countries().get(code)
    if country is None:
        return None
    return Location(code, city if city in country.cities else None, here=True, matched=key)


# Words before a place that say how the person relates to it.
HERE = _words("di dii d neng ning nang ing teng wonten kat dekat deket dkt in at near dalam sekitar around")
GOING = frozenset({"ke", "kek", "ka", "menyang", "nyang", "to", "into", "towards", "tujuan"})
FROM = frozenset({"dari", "dr", "asal", "asli", "from", "ti", "saking"})
# Words skipped when looking at what comes before a place: "di kota taipei", "di negara malaysia".
NEUTRAL = _words(
    "kota negara negeri daerah wilayah provinsi prov kabupaten kab city the state pulau area kawasan"
)
DESIRE = _words(
    "mau mo mw ingin pengen pingin pgn kepengen akan rencana berencana bakal arep ameh hoyong badhe "
    "want wanna going plan planning will would daftar lamar melamar berangkat ditawari tawaran "
    "offered lowongan loker dikirim"
)
# "kalau di sg gimana?", "can I work in Singapore?", "tell me about working in Brunei": a question or a
# topic, not where the person is.
IF = _words(
    "kalau kalo klo kl klau jika jikalau bila apabila seandainya misal misalnya if whether apakah apa "
    "can could wat wht should may might bisakah bolehkah why what how which kenapa mengapa gimana "
    "bagaimana gmn about tentang soal mengenai info informasi syarat lowongan"
)
QUESTION = IF | frozenset({"boleh", "bisa", "berapa", "brp", "apa", "aman", "gaji", "biaya", "enak", "kah"})
PAST = frozenset(
    {"dulu", "dahulu", "pernah", "pas", "waktu", "used", "previously", "formerly", "mantan", "ex"}
)
NOW = _words(
    "sekarang skrg skg skrng sekarng saiki ayeuna kini now currently masih msh lagi lg sedang sdg "
    "still sudah sdh udah dah uda sampai sampe tiba arrived"
)
BE = frozenset({"am", "is", "are", "was", "were"})
# "to work in", "untuk kerja di", "for caregiving in": a plan, not a place the person is in.
PURPOSE = frozenset({"to", "untuk", "utk", "buat", "for"})
RELATIVES = _words(
    "mother mom mum father dad son daughter wife husband sister brother cousin niece nephew friend "
    "family member child children kid aunt uncle grandmother ibu bapak ayah emak mamak anak istri "
    "suami adik adek kakak teteh aa sepupu ponakan keponakan saudara saudari teman temen kawan nenek "
    "kakek bibi paman om tante keluarga pacar"
)
# Without a subject ("sy di ...", "sekarang di ...") a longer message only mentions the place:
# "di malaysia boleh pakai jilbab?" asks about Malaysia; it does not say the person is there.
_SHORT = 4
PRONOUNS = _words(
    "saya sy aku ak aq gue gw gua abdi kulo kula i im me we kami kita dia beta ane ana eike she he "
    "kamu urang awak nya ku mu"
)
FILLERS = (
    PRONOUNS
    | HERE
    | NOW
    | NEUTRAL
    | _words(
        "ini ya iya nih dong aja saja kak min admin mbak mas pak bu am is are city country negara kota tinggal kerja bekerja berada ada posisi lokasi location still here sini"
    )
)
# "di rumah" is home in Indonesia, unless it is someone's house there ("di rumah majikan") or a hospital.
HOME_WORDS = frozenset({"rumah", "rmh", "kampung", "kampong", "desa", "dusun", "kmpg", "kampuang"})
# ... and only when nothing, or one of these, follows: "di rumah majikan", "di rumah sakit", "di rumah itu"
# and "di rumah saudaranya" are somebody's house anywhere.
HOME_THEN = _words(
    "sendiri ortu keluarga mertua kampung halaman indonesia indo lagi aja saja skrg sekarang kok ya "
    "nih kak min now dan tapi sy saya aku mau pengen ingin"
)
# Ordinary words one letter from a place name: never "corrected".
NEVER_CORRECT = _words(
    "tawan ditawan kucing kucingnya kalang pening senang pinang sabar jodoh tanah tempat taiwanese "
    "kuliah korban jepit kamboja makan megah mekar dubay saudara saudari sudah indonesian malaysian "
    "bantuan batang bangkai bangku omongan johar japan jalan osaka tokyo taipan jeddah riyadh dammam "
    "kotak tainan tanan tetangga kampus kampret penanganan kabar kenal kendala kental sambal bantal "
    "mandi batuk sumbang subsidi pangkat kampungan"
)
_FUZZY_CUTOFF = 88.0
_FUZZY_MIN_TOKEN = 6  # shorter words are matched exactly or not at all ("kabar" is not "kalbar")
_FUZZY_MIN_ALIAS = 6
_BOUNDARY = "|"
_TOKEN = re.compile(r"[a-z0-9]+|[.,!?;:\n()]+")

_RANK_GOING, _RANK_PAST, _RANK_BARE, _RANK_HOME, _RANK_HERE, _RANK_NOW = 0, 1, 2, 3, 4, 5


@dataclass(frozen=True, slots=True)
class _Place:
    code: str
    city: str | None
    weak: bool


@dataclass(slots=True)
class _Index:
    exact: dict[tuple[str, ...], _Place]
    longest: int
    fuzzy: dict[tuple[int, str], list[str]]  # (words, first letter) -> aliases, joined with spaces


@functools.cache
def _index() -> _Index:
    return build_index(default_countries())


def build_index(countries: Countries) -> _Index:
    exact: dict[tuple[str, ...], _Place] = {}
    fuzzy: dict[tuple[int, str], list[str]] = defaultdict(list)

    def add(alias: str, place: _Place) -> None:
        words = tuple(_TOKEN.findall(alias.lower()))
        if not words or words in exact:
            return
        exact[words] = place
        joined = " ".join(words)
        if not place.weak and len(joined.replace(" ", "")) >= _FUZZY_MIN_ALIAS:
            fuzzy[(len(words), joined[0])].append(joined)

    for country in countries.countries.values():
        for city in country.cities.values():
            for alias in city.aliases:
                add(alias, _Place(country.code, city.key, weak=False))
            for alias in city.weak_aliases:
                add(alias, _Place(country.code, city.key, weak=True))
        for alias in country.aliases:
            add(alias, _Place(country.code, None, weak=False))
        for alias in country.weak_aliases:
            add(alias, _Place(country.code, None, weak=True))
        for name in country.name.values():  # the display names always count ("Arab Saudi", "Singapura")
            add(name, _Place(country.code, None, weak=False))
    return _Index(exact, max(len(k) for k in exact), dict(fuzzy))


def _tokens(text: str) -> list[str]:
    found = []
    for token in _TOKEN.findall(text.lower()):
        if token[0].isalnum():
            found.append(token)
        elif found and found[-1] != _BOUNDARY:
            found.append(_BOUNDARY)
    return found


@dataclass(slots=True)
class _Mention:
    place: _Place
    start: int
    words: int
    matched: str
    rank: int = _RANK_BARE


def _split_clitic(token: str, index: _Index) -> str | None:
    """ "ditaiwan" / "kemalaysia" / "dirumah": the place word behind an attached "di" or "ke"."""
    for prefix in ("di", "ke"):
        rest = token[len(prefix) :]
        if token.startswith(prefix) and len(rest) >= 4 and ((rest,) in index.exact or rest in HOME_WORDS):
            return rest
    return None


def _expand(tokens: list[str], index: _Index) -> list[str]:
    out: list[str] = []
    for token in tokens:
        rest = (
            _split_clitic(token, index) if token not in HOME_WORDS and (token,) not in index.exact else None
        )
        if rest is not None:
            out += [token[: len(token) - len(rest)], rest]
        else:
            out.append(token)
    return out


def _fuzzy(tokens: list[str], i: int, index: _Index) -> tuple[_Place, int, str] | None:
    for words in (2, 1):
        gram = tokens[i : i + words]
        if len(gram) < words or _BOUNDARY in gram:
            continue
        if any(g in NEVER_CORRECT or g in FILLERS or g in GOING or g in FROM or g in DESIRE for g in gram):
            continue
        if any(len(g) < 3 for g in gram) or (words == 1 and len(gram[0]) < _FUZZY_MIN_TOKEN):
            continue
        joined = " ".join(gram)
        if len(joined.replace(" ", "")) < _FUZZY_MIN_TOKEN:
            continue
        choices = index.fuzzy.get((words, joined[0]))
        if not choices:
            continue
        best = process.extractOne(joined, choices, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
        if best is not None:
            alias = best[0]
            return index.exact[tuple(alias.split(" "))], words, alias
    return None


def _mentions(tokens: list[str], index: _Index) -> list[_Mention]:
    found: list[_Mention] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == _BOUNDARY:
            i += 1
            continue
        hit = None
        for words in range(min(index.longest, len(tokens) - i), 0, -1):
            gram = tuple(tokens[i : i + words])
            place = index.exact.get(gram)
            if place is not None and _BOUNDARY not in gram:
                hit = (place, words, " ".join(gram))
                break
        if hit is None and tokens[i] in HOME_WORDS and i > 0 and tokens[i - 1] in HERE:
            following = tokens[i + 1] if i + 1 < len(tokens) else _BOUNDARY
            rank = _rank(tokens, i)
            if (following == _BOUNDARY or following in HOME_THEN) and rank >= _RANK_HERE:
                place = _Place(INDONESIA, None, False)
                found.append(_Mention(place, i, 1, f"{tokens[i - 1]} {tokens[i]}", _RANK_HOME))
            i += 1
            continue
        if hit is None and len(tokens[i]) >= 3:
            hit = _fuzzy(tokens, i, index)
        if hit is None:
            i += 1
            continue
        place, words, matched = hit
        if place.weak and not _weak_ok(tokens, i, words):
            i += words
            continue
        found.append(_Mention(place, i, words, matched, _rank(tokens, i, words)))
        i += words
    return found


def _before(tokens: list[str], i: int) -> int:
    """Index of the word that says how the person relates to the place at ``i`` (-1: none)."""
    j = i - 1
    while j >= 0 and tokens[j] in NEUTRAL:
        j -= 1
    return j


def _weak_ok(tokens: list[str], i: int, words: int) -> bool:
    j = _before(tokens, i)
    before = tokens[j] if j >= 0 else None
    if before in HERE or before in GOING or before in FROM:
        return True
    rest = tokens[:i] + tokens[i + words :]
    return all(t in FILLERS or t == _BOUNDARY for t in rest)


def _rank(tokens: list[str], i: int, place_words: int = 1) -> int:
    place_at = i
    i = _before(tokens, i) + 1
    before = tokens[i - 1] if i > 0 else None
    if before in GOING:
        return _RANK_GOING
    if before in FROM:
        return _RANK_PAST
    if before not in HERE and before not in NOW:
        return _RANK_BARE
    rank = _RANK_NOW if before in NOW else _RANK_HERE
    subject = rank == _RANK_NOW
    back = i - 2
    while back >= max(0, i - 6):  # "sy di", "mau kerja di", "dulu di", "sekarang di", "can I work in"
        word = tokens[back]
        if word == _BOUNDARY:
            break
        if word in DESIRE or word in PURPOSE:
            return _RANK_GOING
        if word in PAST:
            return _RANK_PAST
        if word in IF:
            return _RANK_BARE
        if word in NOW:
            rank, subject = _RANK_NOW, True
        elif word in BE:
            # "my sister is sick in sabah" / "I am in dubai", but not "what is the wage in hong kong".
            if back == 0 or (tokens[back - 1] not in PRONOUNS and tokens[back - 1] not in RELATIVES):
                return _RANK_BARE
            subject = True
            break
        elif word in PRONOUNS or word in RELATIVES:
            subject = True
            for earlier in tokens[max(0, back - 2) : back]:  # "can I", "mau sy"
                if earlier in IF:
                    return _RANK_BARE
                if earlier in DESIRE:
                    return _RANK_GOING
            break
        back -= 1
    if subject:
        return rank
    span = range(place_at, place_at + place_words)
    others = [t for n, t in enumerate(tokens) if t != _BOUNDARY and n not in span]
    if len(others) + 1 <= _SHORT and not any(t in QUESTION for t in others):
        return rank  # "di kl", "ditaiwan", "sekarang di jb"
    return _RANK_BARE


def detect_location(text: str) -> Location | None:
    """The place this message says the person is in (or is going to, or comes from); None if it names none."""
    if not text:
        return None
    index = _index()
    tokens = _expand(_tokens(text[:2000]), index)
    mentions = _mentions(tokens, index)
    if not mentions:
        return None
    best = max(mentions, key=lambda m: (m.rank, -m.start))
    city = best.place.city
    if city is None:  # "sy di malaysia, di johor": the city named elsewhere in the message
        city = next(
            (m.place.city for m in mentions if m.place.code == best.place.code and m.place.city), None
        )
    return Location(
        code=best.place.code,
        city=city,
        here=best.rank >= _RANK_HOME,
        matched=best.matched,
        going=best.rank == _RANK_GOING,
    )
