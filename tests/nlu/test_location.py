"""Where the person is, from informal and misspelled messages (nlu/location.py)."""

from __future__ import annotations

import time

import pytest

from flows.countries import default_countries
from nlu.location import Location, detect_location, parse_key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("sy di taiwan", "TW"),
        ("abdi di riyadh", "SA:riyadh"),
        ("aku neng hongkong", "HK"),
        ("aku ning hong kong", "HK"),
        ("kulo nang taiwan", "TW"),
        ("di kl", "MY:kuala_lumpur"),
        ("aku kat johor", "MY:johor_bahru"),
        ("sy skrg di jb", "MY:johor_bahru"),
        ("sekarang di kota taipei", "TW"),
        ("ditaiwan", "TW"),
        ("sy di malaysa", "MY"),
        ("sy di sabah", "MY:kota_kinabalu"),
        ("saya di kota kinabalu", "MY:kota_kinabalu"),
        ("sy di penang", "MY:penang"),
        ("sy di kuching", "MY:kuching"),
        ("sy di malaysia, di johor", "MY:johor_bahru"),
        ("i am in dubai", "AE:dubai"),
        ("I'm at Jeddah", "SA:jeddah"),
        ("sy di arab", "SA"),
        ("sy di sg", "SG"),
        ("sy di singapur", "SG"),
        ("tolong saya disekap majikan di jedah", "SA:jeddah"),
        ("saya dari cirebon, sekarang di taiwan", "TW"),
        ("sy di rumah", "ID"),
        ("sekarang sudah di kampung", "ID"),
        ("di indo", "ID"),
        ("sy di lombok timur", "ID"),
        ("sy di entikong", "ID"),
        ("aku di bangkok", "TH"),
        ("sy di myawaddy", "MM"),
        ("sy di korsel", "KR"),
        ("sy di jepang", "JP"),
        ("sy di kamboja", "KH"),
        ("sy di brunei", "BN"),
    ],
)
def test_where_the_person_is_now(text: str, key: str) -> None:
    found = detect_location(text)
    assert found is not None and found.key == key and found.here and not found.going, (text, found)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("johor", "MY:johor_bahru"),
        ("msia", "MY"),
        ("malaysa", "MY"),
        ("malasia", "MY"),
        ("arab saudi", "SA"),
        ("saudi", "SA"),
        ("jeddah", "SA:jeddah"),
        ("riyad", "SA:riyadh"),
        ("dubai", "AE:dubai"),
        ("sg", "SG"),
        ("singapur", "SG"),
        ("korsel", "KR"),
        ("jepang", "JP"),
        ("kamboja", "KH"),
        ("myawaddy", "MM"),
        ("bangkok", "TH"),
        ("brunei", "BN"),
        ("kuching", "MY:kuching"),
        ("sabah", "MY:kota_kinabalu"),
        ("kota kinabalu", "MY:kota_kinabalu"),
        ("penang", "MY:penang"),
        ("hongkon", "HK"),
        ("cirebon", "ID"),
        ("lombok timur", "ID"),
        ("pontianak", "ID"),
        ("batam", "ID"),
        ("entikong", "ID"),
        ("Hong Kong", "HK"),
        ("Saudi Arabia", "SA"),
        ("sy TKW hongkong", "HK"),
    ],
)
def test_a_bare_name_is_recognised_but_not_called_here(text: str, key: str) -> None:
    found = detect_location(text)
    assert found is not None and found.key == key and not found.going, (text, found)
    assert not found.here  # the engine stores only "here"; the card's question accepts any of these


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("mau ke taiwan", "TW"),
        ("kerja ke malaysia", "MY"),
        ("saya mau kerja di malaysia", "MY"),
        ("I want to work in Dubai", "AE"),
        ("mau pulang ke indonesia", "ID"),
        ("pengen berangkat ke hongkong", "HK"),
    ],
)
def test_a_destination_is_not_where_the_person_is(text: str, code: str) -> None:
    found = detect_location(text)
    assert found is not None and found.code == code and found.going and not found.here, found


@pytest.mark.parametrize(
    "text",
    [
        "saya dari cirebon",
        "pernah kerja di malaysia",
        "dulu di malaysia",
        "kalau di sg gimana",
        "di malaysia boleh pakai jilbab?",
        "can I work in Singapore on a visit pass",
        "what is the minimum wage in hong kong",
        "is the agency in cirebon official",
        "tell me about working in brunei",
    ],
)
def test_origin_past_and_questions_are_not_here(text: str) -> None:
    found = detect_location(text)
    assert found is not None and not found.here, found


@pytest.mark.parametrize(
    "text",
    [
        "saya setuju",
        "saya bingung",
        "hapus data saya",
        "sy TKW",
        "suami sy ABK",
        "sy takut ketipu",
        "halo apa kabar",
        "salam kenal min",
        "kucing saya hilang",  # a cat, not Kuching
        "sy ditawan majikan",  # held captive, not Taiwan
        "kl sy mau pulang gimana",  # "kl" = kalau
        "bahasa arab",
        "kalang kabut",
        "nasib saya malang",
        "sy di rumah majikan",
        "ibu sy di rumah sakit",
        "majikan suruh sy kerja di rumah saudaranya",
        "michael jordan",
        "my employer is nice, just asking about holidays",
        "sabar ya",
        "pening kepala",
        "",
        "😭😭😭",
    ],
)
def test_ordinary_words_are_not_places(text: str) -> None:
    assert detect_location(text) is None, (text, detect_location(text))


def test_the_key_round_trips() -> None:
    found = detect_location("sy di johor")
    assert found is not None and found.key == "MY:johor_bahru"
    back = parse_key(found.key)
    assert back == Location("MY", "johor_bahru", here=True, matched="MY:johor_bahru")
    assert parse_key("MY") is not None and parse_key("MY").key == "MY"  # type: ignore[union-attr]
    assert parse_key("MY:atlantis") == Location("MY", None, here=True, matched="MY:atlantis")
    assert parse_key("XX") is None and parse_key("") is None and parse_key(None) is None


def test_every_city_and_country_can_be_detected_by_its_name() -> None:
    for country in default_countries().countries.values():
        for name in country.name.values():
            found = detect_location(f"sy di {name.lower()}")
            assert found is not None and found.code == country.code and found.here, name
        for city in country.cities.values():
            found = detect_location(f"sy di {city.aliases[0]}")
            assert found is not None and found.key == f"{country.code}:{city.key}", city.key


def test_fast_enough_for_every_message() -> None:
    texts = [
        "sy di taiwan",
        "tolong saya disekap majikan di jedah",
        "apakah PT Contoh Demo Sejahtera resmi?",
        "saya dari cirebon, sekarang di taiwan, majikan tidak bayar gaji 3 bulan",
        "halo",
    ]
    detect_location("warm up")
    start = time.perf_counter()
    rounds = 200
    for _ in range(rounds):
        for text in texts:
            detect_location(text)
    per_call_ms = (time.perf_counter() - start) / (rounds * len(texts)) * 1000
    assert per_call_ms < 0.2, per_call_ms


def test_a_long_paste_is_read_quickly() -> None:
    text = "sy di taiwan. " + "lowongan kerja pabrik gaji besar, hubungi kami segera " * 80
    start = time.perf_counter()
    found = detect_location(text)
    assert (time.perf_counter() - start) * 1000 < 20
    assert found is not None and found.key == "TW" and found.here
