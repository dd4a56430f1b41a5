"""The emergency card for where the person is: the country's numbers, "Where are you now?" asked once and
understood when typed, self-harm and minors, and the country file's own check."""

from __future__ import annotations

from pathlib import Path

import pytest
from flow_chat import FlowChat

from bot.messages import EMERGENCY_BUTTON_ID
from flows import help_card
from flows.actions.emergency import reason_categories
from flows.check import PHONE_LIKE
from flows.contract import Turn
from flows.countries import COUNTRIES_FILE, load_countries
from flows.model import load_contacts, load_flows
from flows.render import MAX_LIST_ROWS, MAX_LIST_TITLE, MAX_TEXT
from nlu.types import NluResult, Urgency

ABROAD = "2924 4800"  # KP2MI from abroad: on every card for a country other than Indonesia
ASK_ROWS = ["ID", "MY", "SA", "TW", "HK", "SG", "mideast", "other"]


def urgent(text: str, *reasons: str, lang: str = "id") -> Turn:
    result = NluResult(text, "emergency", 0.9, Urgency.URGENT, lang, urgent_reasons=reasons)
    return Turn("webchat", text=text, nlu=result)


async def card_for(chat: FlowChat, location: str | None, text: str = "tolong") -> str:
    chat.state.location = location
    result = await chat.start("emergency", Turn("webchat", text=text))
    assert result.handoff is not None and result.handoff.urgent and result.handoff.reason == "emergency"
    return chat.said


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("MY", ["999", "KBRI Kuala Lumpur", "+60 17-668 8032"]),
        ("MY:johor_bahru", ["999", "KJRI Johor Bahru", "Safe Travel", "+60 17-668 8032"]),
        ("SA", ["911", "999", "KBRI Riyadh", "+966 56 917 3990"]),
        ("SA:jeddah", ["911", "KJRI Jeddah", "+966 50 360 9667"]),
        ("SA:makkah", ["911", "KJRI Jeddah", "+966 50 360 9667"]),
        ("TW", ["110", "119", "1955", "KDEI Taipei"]),
        ("HK", ["999", "+852 5242 2240", "2157 9537"]),
        ("SG", ["999", "995", "KBRI Singapura"]),
        ("KW", ["112", "KBRI Kuwait City"]),
        ("OM", ["9999"]),
        ("KR", ["112", "119"]),
    ],
)
async def test_the_card_gives_that_countrys_numbers(
    chat: FlowChat, location: str, expected: list[str]
) -> None:
    said = await card_for(chat, location)
    for number in [*expected, ABROAD, "0811-8080-141", "+62 812 9007 0027"]:
        assert number in said, (location, number)
    assert "Anda sekarang di mana?" not in said  # known: no question
    assert chat.button_ids == []
    assert "+852 6773 0466" not in said  # the older Hong Kong number is for staff only


async def test_a_mission_without_a_known_hotline_is_named_and_points_to_safe_travel_and_kemlu(
    chat: FlowChat,
) -> None:
    said = await card_for(chat, "MY:kuching")
    assert "KJRI Kuching: nomor hotline-nya belum pasti" in said and "Safe Travel" in said
    assert "+62 812 9007 0027" in said and "+60 17-668 8032" in said  # the embassy's line as well


async def test_indonesia_gives_110_first_and_112_where_available(chat: FlowChat) -> None:
    said = await card_for(chat, "ID")
    bullets = [line for line in said.splitlines() if line.startswith("• ")]
    assert bullets[0] == "• Polisi: 110"
    assert bullets[1] == "• Darurat (belum ada di semua daerah): 112"
    assert "SAPA" in said and "0800-1000" in said


async def test_the_card_is_in_english_for_an_english_reader(chat: FlowChat) -> None:
    chat.state.language = "en"
    said = await card_for(chat, "SA:riyadh")
    assert "In Saudi Arabia:" in said and "Emergency (police, ambulance): 911" in said
    assert "Indonesian Embassy (KBRI) Riyadh, hotline: +966 56 917 3990" in said


async def test_unknown_location_gives_the_essentials_and_asks_once(chat: FlowChat) -> None:
    result = await chat.start("emergency", Turn("webchat", text="tolong saya disekap"))
    assert result.handoff is not None and result.handoff.urgent
    for key in ("police", "emergency", "sapa", "kp2mi_crisis", "kp2mi_crisis_abroad", "kemlu"):
        assert load_contacts()[key].value in chat.said, key
    assert "Malaysia 999" in chat.said and "Arab Saudi 911" in chat.said  # local numbers, at a glance
    assert "Anda sekarang di mana?" in chat.said
    assert chat.button_ids == [f"emergency.card_ask.{r}" for r in ASK_ROWS] + [EMERGENCY_BUTTON_ID]
    assert len(chat.replies[-1].buttons) <= MAX_LIST_ROWS
    assert all(len(b.title) <= MAX_LIST_TITLE for b in chat.replies[-1].buttons)

    # The engine starts the card again (the Emergency button, another urgent message): no second question.
    again = await chat.start("emergency", Turn("webchat", text="tolong"))
    assert again.handoff is not None and "Anda sekarang di mana?" not in chat.said
    assert chat.button_ids == [] and ABROAD in chat.said


@pytest.mark.parametrize(
    ("typed", "location", "numbers"),
    [
        ("malaysia", "MY", ["999"]),
        ("sy di johor", "MY:johor_bahru", ["999", "KJRI Johor Bahru"]),
        ("riyadh", "SA:riyadh", ["911", "+966 56 917 3990"]),
        ("aku neng hongkong", "HK", ["999", "+852 5242 2240"]),
        ("di taiwan", "TW", ["1955"]),
        ("sy di rumah", "ID", ["110"]),
    ],
)
async def test_a_typed_answer_to_where_are_you_is_understood(
    chat: FlowChat, typed: str, location: str, numbers: list[str]
) -> None:
    await chat.start("emergency", Turn("webchat", text="tolong"))
    result = await chat.raw_text(typed)
    assert result.state.location == location
    assert result.handoff is None  # the ticket was opened with the first card
    assert result.theme == "emergency"
    for number in numbers:
        assert number in chat.said, (typed, number)
    if location != "ID":
        assert ABROAD in chat.said


async def test_the_runner_says_which_typed_text_answers_the_question(chat: FlowChat) -> None:
    """While a ticket waits, the engine serves the card's question only for answers (runner.expects)."""
    await chat.start("emergency", Turn("webchat", text="tolong"))
    for answer in ("malaysia", "sy di johor", "riyadh", "Timur Tengah lain", "Negara lain"):
        assert chat.runner.expects(chat.state, answer), answer
    for other in ("halo kak?", "berapa biayanya", "ke taiwan", ""):
        assert not chat.runner.expects(chat.state, other), other
    await chat.raw_text("malaysia")
    assert not chat.runner.expects(chat.state, "malaysia")  # answered: nothing is waiting any more


async def test_a_tapped_country_gives_its_card(chat: FlowChat) -> None:
    await chat.start("emergency", Turn("webchat", text="tolong"))
    result = await chat.press("emergency.card_ask.SA")
    assert result.state.location == "SA" and "911" in chat.said and result.handoff is None


async def test_the_city_already_known_is_kept_when_the_country_is_tapped(chat: FlowChat) -> None:
    await chat.start("emergency", Turn("webchat", text="tolong"))
    chat.state.location = "MY:johor_bahru"  # the engine read "sy di johor" meanwhile
    result = await chat.press("emergency.card_ask.MY")
    assert result.state.location == "MY:johor_bahru" and "KJRI Johor Bahru" in chat.said


async def test_other_middle_east_and_other_countries(chat: FlowChat) -> None:
    await chat.start("emergency", Turn("webchat", text="tolong"))
    await chat.press("emergency.card_ask.mideast")
    assert chat.button_ids[0] == "emergency.ask_mideast.AE" and EMERGENCY_BUTTON_ID in chat.button_ids
    result = await chat.press("emergency.ask_mideast.QA")
    assert result.state.location == "QA" and "999" in chat.said and "KBRI Doha" in chat.said

    await chat.start("emergency", Turn("webchat", text="tolong"))  # already asked: no question this time
    assert "Anda sekarang di mana?" not in chat.said
    await chat.press("emergency.card_ask.other")  # an old message's button still works
    result = await chat.raw_text("korsel")
    assert result.state.location == "KR" and "112" in chat.said


async def test_a_country_we_have_no_card_for(chat: FlowChat) -> None:
    await chat.start("emergency", Turn("webchat", text="tolong"))
    await chat.press("emergency.card_ask.other")
    result = await chat.press("emergency.ask_other.other")
    assert result.state.location is None and "nama negara" in chat.said
    assert chat.state.flow is None  # nothing more is asked


async def test_any_other_answer_falls_through_to_normal_handling(chat: FlowChat) -> None:
    await chat.consent()
    await chat.start("emergency", Turn("webchat", text="tolong"))
    result = await chat.text("berapa biaya ke taiwan", "fees")  # "ke taiwan" is a destination
    assert result.theme == "fees" and result.state.location is None and result.handoff is None
    assert chat.state.flow != "emergency"
    # ... and a later card does not ask again.
    await chat.start("emergency", Turn("webchat", text="tolong"))
    assert "Anda sekarang di mana?" not in chat.said


async def test_the_answer_may_also_be_a_typed_row_title(chat: FlowChat) -> None:
    await chat.start("emergency", Turn("webchat", text="tolong"))
    await chat.raw_text("Timur Tengah lain")
    assert chat.button_ids[0] == "emergency.ask_mideast.AE"


async def test_the_place_in_the_urgent_message_itself_is_used(chat: FlowChat) -> None:
    result = await chat.start("emergency", Turn("webchat", text="tolong sy disekap majikan di jeddah"))
    assert result.state.location == "SA:jeddah" and "KJRI Jeddah" in chat.said
    assert "Anda sekarang di mana?" not in chat.said


async def test_self_harm_gets_a_warm_short_reply_and_an_urgent_ticket(chat: FlowChat) -> None:
    chat.state.location = "MY"
    result = await chat.start("emergency", urgent("sy pengen bunuh diri aja", "lexicon:self_harm:bunuh diri"))
    assert result.handoff is not None and result.handoff.urgent
    assert "Anda tidak sendirian" in chat.said and "mendengarkan Anda" in chat.said
    assert "healing119.id" in chat.said and "999" in chat.said  # Malaysia's emergency number
    assert (
        "Kemlu" not in chat.said and "Keselamatan Anda yang utama" not in chat.said
    )  # not the trafficking card
    assert chat.button_ids == []


async def test_self_harm_in_english_with_unknown_location(chat: FlowChat) -> None:
    chat.state.language = "en"
    await chat.start(
        "emergency",
        urgent("i want to end my life", "classifier:0.7", "lexicon:self_harm:end my life", lang="en"),
    )
    assert "You are not alone" in chat.said and "healing119.id" in chat.said
    assert "119 ext 8" in chat.said and "police 110" in chat.said and "Malaysia 999" in chat.said
    assert "Where are you now?" not in chat.said  # no questionnaire for someone in crisis


async def test_a_minor_gets_sapa_first_then_110(chat: FlowChat) -> None:
    result = await chat.start("emergency", urgent("anak 15 th mau dijual calo", "lexicon:minor:15 th"))
    assert result.handoff is not None and result.handoff.urgent
    bullets = [line for line in chat.said.splitlines() if line.startswith("• ")]
    assert bullets[0] == "• Perempuan dan anak (SAPA): 129"
    assert bullets[1] == "• WhatsApp SAPA: 08111-129-129" and bullets[2] == "• Polisi: 110"
    assert chat.said.count("• Polisi: 110") == 1


async def test_a_minor_abroad_also_gets_that_countrys_numbers(chat: FlowChat) -> None:
    chat.state.location = "SA"
    await chat.start("emergency", urgent("adik sy 14 tahun disekap", "lexicon:minor:14 tahun"))
    assert chat.said.index("SAPA") < chat.said.index("911") and ABROAD in chat.said


def test_reason_categories() -> None:
    reasons = ("lexicon:self_harm:bunuh diri", "classifier:0.41", "lexicon:disekap", "lexicon:minor:13 tahun")
    assert {"self_harm", "minor"} <= reason_categories(reasons)
    assert "self_harm" not in reason_categories(("lexicon:disekap", "typed:emergency"))


def test_every_card_fits_the_platforms_and_is_translated() -> None:
    for lang in ("id", "en"):
        assert len(help_card.longest(lang)) < MAX_TEXT - 1000  # the card's own text has room
        for key in help_card.all_locations():
            for text in (
                help_card.card_text(key, lang),
                "\n".join(help_card.self_harm_lines(key, lang, minor=True)),
                "\n".join(help_card.minor_lines(key, lang)),
            ):
                assert text.strip(), key
                if lang == "id":
                    for english in ("Police", "Ambulance", "Embassy", "hotline number is", "From any"):
                        assert english not in text, (key, english)


def test_flows_check_renders_the_longest_card() -> None:
    from flows.check import _worst_case_params
    from flows.render import Renderer

    flow = load_flows()["emergency"]
    renderer = Renderer(load_contacts(), {"retention_days": 90})
    for lang in ("id", "en"):
        assert _worst_case_params(flow, flow.steps["card_ask"], renderer, lang)["card"] == help_card.longest(
            lang
        )


def test_no_number_is_written_into_the_emergency_texts() -> None:
    flow = load_flows()["emergency"]
    for text in flow.all_texts():
        assert not PHONE_LIKE.search(text), text


def test_the_shipped_country_file_is_clean_and_complete() -> None:
    countries = load_countries()
    assert countries.problems == ()
    required = ["ID", "MY", "SG", "BN", "HK", "TW", "SA", "AE", "QA", "KW", "OM", "JO", "KR", "JP", "KH", "MM", "TH"]
    assert set(required) <= set(countries.countries)
    assert {"kuala_lumpur", "johor_bahru", "kuching", "kota_kinabalu", "penang"} <= set(
        countries.countries["MY"].cities
    )
    assert {"riyadh", "jeddah"} <= set(countries.countries["SA"].cities)
    for country in countries.countries.values():
        assert country.name["en"] and country.name["id"]
        for number in country.numbers:
            assert number.source and number.confidence in ("H", "M", "L") and number.verify
        for mission in country.missions.values():
            if mission.hotline is not None:
                assert mission.hotline.source and mission.hotline.verify


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  QA:\n", "  MY:\n", "duplicate key 'countries.MY'"),
        (
            'value: "9999", source: "Widely published national emergency number (Royal Oman Police)", ',
            'value: "9999", ',
            "needs a source",
        ),
        (
            'value: "9999", source: "Widely published national emergency number (Royal Oman Police)", confidence: M, verify: true',
            'value: "9999", source: "x", confidence: M, verify: false',
            "verify: true",
        ),
        ("    mission: doha\n", "    mision: doha\n", "unknown keys ['mision']"),
        ('{kind: emergency, value: "112"', '{kind: emergancy, value: "112"', "unknown kind 'emergancy'"),
        (
            "aliases: [qatar, katar, doha]",
            "aliases: [qatar, katar, doha, malaysia]",
            "alias 'malaysia' already means",
        ),
        (
            "{kind: emergency, contact: hk_police}",
            "{kind: emergency, contact: hk_polis}",
            "contact 'hk_polis'",
        ),
        (
            "confidence: L, status: candidate",
            "confidence: X, status: candidate",
            "confidence must be H, M or L",
        ),
        ("mission: jeddah}", "mission: jedah}", "mission 'jedah' is not in"),
    ],
)
def test_the_country_check_finds_each_kind_of_mistake(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    text = COUNTRIES_FILE.read_text(encoding="utf-8")
    assert old in text, old
    broken = tmp_path / "countries.yaml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    problems = load_countries(broken).problems
    assert any(expected in p for p in problems), problems


def test_the_typed_words_of_the_ask_rows_are_plain_locations() -> None:
    """Every country row the card offers can also be typed (the title is a name detect_location knows)."""
    from nlu.location import detect_location

    step = load_flows()["emergency"].steps["card_ask"]
    for choice in step.buttons:
        if choice.set.get("where"):
            found = detect_location(choice.title)
            assert found is not None and found.code == choice.set["where"], choice.title
