"""The rules for a message that arrives while a ticket is open (handoff/waiting.py), one by one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.messages import Channel, InboundKind, InboundMessage
from handoff.waiting import (
    NOTICE_INTERVAL,
    OpenTicketState,
    WaitingAction,
    decide,
    says_not_urgent,
    without_not_urgent,
)

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


def text(value: str, at: datetime = NOW) -> InboundMessage:
    return InboundMessage(Channel.WEBCHAT, "user-0001", "m1", InboundKind.TEXT, text=value, received_at=at)


def button(value: str) -> InboundMessage:
    return InboundMessage(Channel.WEBCHAT, "user-0001", "m1", InboundKind.BUTTON, button_id=value, received_at=NOW)


def command(name: str) -> InboundMessage:
    return InboundMessage(
        Channel.WEBCHAT, "user-0001", "m1", InboundKind.COMMAND, text=f"/{name}", command=name, received_at=NOW
    )


def waiting(*, urgent: bool = True, flow: str | None = None, notice: datetime | None = None) -> OpenTicketState:
    return OpenTicketState(held=False, urgent=urgent, active_flow=flow, last_notice_at=notice)


HELD = OpenTicketState(held=True, urgent=True, active_flow=None, last_notice_at=NOW)


@pytest.mark.parametrize("name", ["hapus", "lang", "menu", "start", "help"])
def test_commands_are_served_while_waiting(name: str) -> None:
    assert decide(command(name), waiting(notice=NOW), urgent_now=False) is WaitingAction.SERVE


@pytest.mark.parametrize("word", ["menu", "Batal", "stop", "kembali"])
def test_typed_command_words_show_the_menu_while_waiting(word: str) -> None:
    assert decide(text(word), waiting(notice=NOW), urgent_now=False) is WaitingAction.MENU


@pytest.mark.parametrize("state", [waiting(notice=NOW), HELD])
def test_the_emergency_button_and_the_word_darurat_show_the_card(state: OpenTicketState) -> None:
    assert decide(button("emergency"), state, urgent_now=True) is WaitingAction.CARD
    assert decide(text("DARURAT!!"), state, urgent_now=False) is WaitingAction.CARD


def test_one_notice_every_few_minutes_and_silence_in_between() -> None:
    assert decide(text("halo?"), waiting(notice=None), urgent_now=False) is WaitingAction.NOTICE
    soon = NOW + timedelta(minutes=1)
    assert decide(text("halo??", soon), waiting(notice=NOW), urgent_now=False) is WaitingAction.SILENT
    later = NOW + NOTICE_INTERVAL
    assert decide(text("masih di sana?", later), waiting(notice=NOW), urgent_now=False) is WaitingAction.NOTICE


@pytest.mark.parametrize(
    "said",
    ["sy gk darurat kok cuma mau tanya gaji", "bukan darurat", "salah pencet kak", "i'm fine, just asking",
     "saya tidak dalam bahaya", "not an emergency", "aman kok kak",
     # Javanese, Sundanese, Malay
     "dudu darurat, aku mung arep takon", "kapencet, sanes darurat", "bukan kecemasan, saya selamat"],
)
def test_saying_it_is_not_an_emergency_gives_the_bot_back(said: str) -> None:
    assert says_not_urgent(said)
    assert decide(text(said), waiting(notice=NOW), urgent_now=False) is WaitingAction.NOT_URGENT


def test_danger_in_the_same_message_is_never_read_as_not_urgent() -> None:
    said = "bukan salah pencet, sy dikurung majikan"
    assert decide(text(said), waiting(notice=NOW), urgent_now=True) is not WaitingAction.NOT_URGENT


def test_danger_on_a_normal_ticket_shows_the_card_at_once() -> None:
    assert decide(text("sy dipukul"), waiting(urgent=False, notice=NOW), urgent_now=True) is WaitingAction.CARD


def test_the_flow_the_person_is_in_carries_on_while_waiting() -> None:
    where = decide(text("malaysia"), waiting(flow="emergency", notice=NOW), urgent_now=False, names_place=True)
    assert where is WaitingAction.SERVE
    assert decide(button("delete_data.confirm.confirm"), waiting(flow="delete_data"), urgent_now=False) is (
        WaitingAction.SERVE
    )


def test_words_for_staff_are_not_taken_as_the_answer_to_where_are_you() -> None:
    # The card asked "Where are you now?"; "halo kak?" is for the person coming, not a place.
    assert decide(text("halo kak?"), waiting(flow="emergency", notice=NOW), urgent_now=False) is (
        WaitingAction.SILENT
    )
    assert decide(text("halo kak?"), waiting(flow="emergency"), urgent_now=False) is WaitingAction.NOTICE


def test_while_staff_hold_it_only_safety_commands_are_answered() -> None:
    assert decide(text("halo kak"), HELD, urgent_now=False) is WaitingAction.SILENT
    assert decide(text("bukan darurat"), HELD, urgent_now=False) is WaitingAction.SILENT
    assert decide(command("menu"), HELD, urgent_now=False) is WaitingAction.SILENT
    assert decide(command("hapus"), HELD, urgent_now=False) is WaitingAction.SERVE
    held_deleting = OpenTicketState(held=True, urgent=True, active_flow="delete_data", last_notice_at=NOW)
    assert decide(button("delete_data.confirm.confirm"), held_deleting, urgent_now=False) is WaitingAction.SERVE


def test_the_question_is_kept_when_not_urgent_is_taken_out() -> None:
    assert "gaji" in without_not_urgent("sy gk darurat kok cuma mau tanya gaji")
    assert without_not_urgent("bukan darurat") == ""
