"""Table-driven: each recorded-shape WhatsApp delivery -> neutral messages and receipts (no I/O)."""

from __future__ import annotations

import pytest
from channel_helpers import fixture_json
from fakes.graph_api import PHONE_NUMBER_ID

from bot.channels.whatsapp.inbound import Receipt, read_delivery
from bot.channels.whatsapp.payloads import WebhookBody
from bot.messages import Channel, InboundKind

USER = "6281234567890"

CASES = [
    # fixture, [(kind, wamid, text, button_id, command)]
    (
        "text.json",
        [
            (
                InboundKind.TEXT,
                "wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFjNFQjBDMDAwMDAwMDAwMDAwMDAwMQA=",
                "tlg sy mau ke taiwan, dokumen apa aja?",
                None,
                None,
            )
        ],
    ),
    ("button_reply.json", [(InboundKind.BUTTON, "wamid.BUTTONREPLY0001", "", "agency_check", None)]),
    ("list_reply.json", [(InboundKind.BUTTON, "wamid.LISTREPLY0001", "", "documents", None)]),
    ("quick_reply_button.json", [(InboundKind.BUTTON, "wamid.QUICKREPLY0001", "", "resume_chat", None)]),
    ("image.json", [(InboundKind.MEDIA, "wamid.IMAGE0001", "", None, None)]),
    ("unknown_type.json", [(InboundKind.UNSUPPORTED, "wamid.UNSUPPORTED0001", "", None, None)]),
    ("command.json", [(InboundKind.COMMAND, "wamid.COMMAND0001", "/hapus", None, "hapus")]),
    ("reaction.json", []),
    ("other_phone_number.json", []),
    ("statuses_read.json", []),
]


def read(name: str, *, recent: bool = True):  # type: ignore[no-untyped-def]
    body = WebhookBody.model_validate(fixture_json("whatsapp", name, recent=recent))
    return read_delivery(body, PHONE_NUMBER_ID)


@pytest.mark.parametrize(("fixture", "expected"), CASES, ids=[c[0] for c in CASES])
def test_deliveries_become_neutral_messages(fixture: str, expected: list[tuple]) -> None:  # type: ignore[type-arg]
    delivery = read(fixture)
    got = [(m.kind, m.message_id, m.text, m.button_id, m.command) for m in delivery.messages]
    assert got == expected
    assert all(m.channel is Channel.WHATSAPP and m.channel_user_id == USER for m in delivery.messages)


def test_several_entries_and_messages_all_read_in_order() -> None:
    delivery = read("several_messages.json")
    assert [(m.channel_user_id, m.message_id, m.kind) for m in delivery.messages] == [
        ("6281234567890", "wamid.MULTI0001", InboundKind.TEXT),
        ("6285700000001", "wamid.MULTI0002", InboundKind.TEXT),
        ("6281800000002", "wamid.MULTI0003", InboundKind.MEDIA),
    ]


def test_statuses_become_receipts_and_never_messages() -> None:
    delivery = read("statuses_read.json")
    assert delivery.messages == []
    assert [(r.platform_message_id, r.status) for r in delivery.receipts] == [
        ("wamid.SENT000001", "sent"),
        ("wamid.SENT000001", "delivered"),
        ("wamid.SENT000001", "read"),
    ]
    failed = read("status_failed.json").receipts
    assert failed == [
        Receipt("wamid.SENT000001", "failed", "whatsapp 131047: Re-engagement message", failed[0].at)
    ]


def test_message_time_is_the_platform_timestamp() -> None:
    (msg,) = read("text.json", recent=False).messages
    assert int(msg.received_at.timestamp()) == 1764340000
