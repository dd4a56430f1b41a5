"""Small pure pieces: text splitting, the WhatsApp window, signatures, production settings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from channel_helpers import WHATSAPP_APP_SECRET, meta_signature

from bot.channels.registry import missing_telegram, missing_whatsapp
from bot.channels.text_limits import split_keeping_last_short, split_text, utf16_length
from bot.channels.whatsapp.window import service_window_open, window_closes_at
from bot.settings import SettingsError, load_settings

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "limit", "parts"),
    [
        ("short", 10, ["short"]),
        ("one two three", 8, ["one two", "three"]),
        ("para one\n\npara two", 12, ["para one", "para two"]),
        ("line one\nline two", 12, ["line one", "line two"]),
        ("a\n\nb c d e", 6, ["a", "b c d", "e"]),
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),  # one word longer than the limit: hard cut
        ("😀😀😀", 4, ["😀😀", "😀"]),  # emoji are two UTF-16 units, never cut in half
        ("", 5, [""]),
    ],
)
def test_split_text(text: str, limit: int, parts: list[str]) -> None:
    assert split_text(text, limit) == parts
    assert all(utf16_length(p) <= limit for p in parts)


def test_split_prefers_paragraphs_over_lines_over_words() -> None:
    text = "aaaa bbbb\ncccc\n\ndddd eeee"
    assert split_text(text, 20) == ["aaaa bbbb\ncccc", "dddd eeee"]


def test_split_keeping_last_short() -> None:
    parts = split_keeping_last_short("word " * 300, 1000, 100)
    assert utf16_length(parts[-1]) <= 100
    assert all(utf16_length(p) <= 1000 for p in parts)
    assert " ".join(parts).split() == ["word"] * 300


@pytest.mark.parametrize(
    ("last_inbound", "is_open"),
    [
        (None, False),
        (NOW - timedelta(minutes=1), True),
        (NOW - timedelta(hours=23, minutes=59), True),
        (NOW - timedelta(hours=24), False),
        (NOW - timedelta(days=3), False),
    ],
)
def test_service_window(last_inbound: datetime | None, is_open: bool) -> None:
    assert service_window_open(last_inbound, NOW) is is_open


def test_window_closes_24_hours_after_the_last_user_message() -> None:
    assert window_closes_at(NOW) == NOW + timedelta(hours=24)
    assert window_closes_at(None) is None


async def test_meta_signature_check() -> None:
    from bot.channels.whatsapp.channel import WhatsAppChannel

    settings = load_settings(whatsapp_app_secret=WHATSAPP_APP_SECRET, whatsapp_verify_token="v")
    channel = WhatsAppChannel(services=None, settings=settings)  # type: ignore[arg-type]
    body = b'{"object":"whatsapp_business_account"}'
    assert channel.signature_matches(body, meta_signature(body))
    assert channel.signature_matches(body, meta_signature(body).upper().replace("SHA256=", "sha256="))
    assert not channel.signature_matches(body, meta_signature(body, "another secret"))
    assert not channel.signature_matches(body + b" ", meta_signature(body))
    assert not channel.signature_matches(body, None)
    assert channel.verify_token_matches("v") and not channel.verify_token_matches("w")
    assert isinstance(channel.client, httpx.AsyncClient)
    await channel.stop()


PROD = {"environment": "production", "secret_key": "k" * 40}


@pytest.mark.parametrize(
    ("extra", "error"),
    [
        ({"telegram_token": "1:x"}, "HELPLINE_TELEGRAM_WEBHOOK_SECRET"),
        ({"whatsapp_token": "t", "whatsapp_app_secret": "s", "whatsapp_phone_number_id": "1"},
         "HELPLINE_WHATSAPP_VERIFY_TOKEN"),
        ({"whatsapp_token": "t"}, "HELPLINE_WHATSAPP_APP_SECRET"),
    ],
)  # fmt: skip
def test_production_refuses_a_channel_without_its_secrets(extra: dict[str, str], error: str) -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings(**PROD, **extra)
    assert error in str(raised.value)
    assert "\n" not in str(raised.value)


def test_production_starts_with_complete_channels_or_none() -> None:
    load_settings(**PROD)  # web chat only
    load_settings(
        **PROD,
        telegram_token="1:x",
        telegram_webhook_secret="s",
        whatsapp_token="t",
        whatsapp_app_secret="a",
        whatsapp_verify_token="v",
        whatsapp_phone_number_id="1",
    )


def test_development_names_what_is_missing() -> None:
    settings = load_settings(telegram_token="1:x")
    assert missing_telegram(settings) == ["HELPLINE_TELEGRAM_WEBHOOK_SECRET"]
    assert missing_telegram(settings, webhook=False) == []
    assert missing_whatsapp(load_settings(whatsapp_token="t", whatsapp_app_secret="a")) == [
        "HELPLINE_WHATSAPP_VERIFY_TOKEN",
        "HELPLINE_WHATSAPP_PHONE_NUMBER_ID",
    ]
