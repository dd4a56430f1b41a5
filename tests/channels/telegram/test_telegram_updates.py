"""Table-driven: each recorded-shape Telegram update -> what the channel does with it (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from channel_helpers import fixture_json
from fakes.bot_api import TOKEN
from telegram import Bot, Update

from bot.channels.telegram.updates import BlockChange, ForEngine, GroupRedirect, Ignored, classify
from bot.messages import Channel, InboundKind


@dataclass(frozen=True)
class Expect:
    kind: InboundKind
    message_id: str
    text: str = ""
    button_id: str | None = None
    command: str | None = None
    command_args: str = ""
    lang_hint: str = "id"
    callback: str | None = None


CASES = [
    (
        "text.json",
        Expect(InboundKind.TEXT, "700001", text="sy mau kerja di malaysia, agen PT Maju Jaya legal gak?"),
    ),
    (
        "start_deeplink.json",
        Expect(
            InboundKind.COMMAND, "700002", "/start poster_ntb", command="start", command_args="poster_ntb"
        ),
    ),
    (
        "lang_command.json",
        Expect(InboundKind.COMMAND, "700003", "/lang en", command="lang", command_args="en"),
    ),
    (
        "hapus_command.json",
        Expect(InboundKind.COMMAND, "700004", "/hapus@helpline_test_bot", command="hapus"),
    ),
    (
        "callback_query.json",
        Expect(InboundKind.BUTTON, "700005", button_id="agency_check", callback="4382bfdwdsb323b2d9"),
    ),
    (
        "edited_message.json",
        Expect(InboundKind.TEXT, "700006", "sy mau kerja di malaysia, agen PT Maju Jaya resmi gak?"),
    ),
    ("photo.json", Expect(InboundKind.MEDIA, "700007")),
    ("voice.json", Expect(InboundKind.MEDIA, "700008")),
    ("sticker.json", Expect(InboundKind.MEDIA, "700009")),
    (
        "english_user_text.json",
        Expect(InboundKind.TEXT, "700014", "hello, is this agency legit?", lang_hint="en"),
    ),
]


def parse(name: str) -> Update:
    return Update.de_json(fixture_json("telegram", name), Bot(TOKEN))


@pytest.mark.parametrize(("fixture", "expect"), CASES, ids=[c[0] for c in CASES])
def test_private_updates_become_neutral_messages(fixture: str, expect: Expect) -> None:
    event = classify(parse(fixture))
    assert isinstance(event, ForEngine)
    msg = event.message
    assert msg.channel is Channel.TELEGRAM
    assert (msg.kind, msg.message_id, msg.text, msg.button_id) == (
        expect.kind,
        expect.message_id,
        expect.text,
        expect.button_id,
    )
    assert (msg.command, msg.command_args, msg.lang_hint) == (
        expect.command,
        expect.command_args,
        expect.lang_hint,
    )
    assert event.callback_query_id == expect.callback
    chat = "555002" if fixture == "english_user_text.json" else "555001"
    assert msg.channel_user_id == chat
    assert msg.received_at.tzinfo is not None


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("group_message.json", GroupRedirect(-1001234567890, "id")),
        ("added_to_group.json", GroupRedirect(-1001234567890, "id")),
        ("blocked_bot.json", BlockChange("555001", blocked=True)),
        ("unblocked_bot.json", BlockChange("555001", blocked=False)),
    ],
)
def test_groups_and_blocks(fixture: str, expected: object) -> None:
    assert classify(parse(fixture)) == expected


def test_service_messages_are_ignored() -> None:
    event = classify(parse("pinned_service_message.json"))
    assert isinstance(event, Ignored)
    assert event.callback_query_id is None
