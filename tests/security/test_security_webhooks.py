"""Webhook secrets and signatures: anything not signed by the platform is refused and stores nothing."""

from __future__ import annotations

import httpx
import pytest
from fakes.bot_api import FakeBotApi
from fakes.graph_api import SEND, FakeGraphApi
from fastapi import FastAPI
from pydantic import SecretStr
from security_helpers import (
    BOTH_DATABASES,
    TELEGRAM_SECRET,
    WHATSAPP_APP_SECRET,
    WHATSAPP_VERIFY_TOKEN,
    meta_signature,
    post_telegram,
    post_whatsapp,
    raw,
    stored,
    tg_text,
    wa_text,
)

from bot.settings import SettingsError, load_settings

NOTHING = {"messages": 0, "deliveries": 0, "tickets": 0}


def flip_one_byte(body: bytes, marker: bytes) -> bytes:
    """The same body with one byte of the message text changed (still valid JSON)."""
    at = body.index(marker)
    return body[:at] + bytes([body[at] ^ 0x01]) + body[at + 1 :]


def wa_signatures(body: bytes) -> dict[str, str | None]:
    good = meta_signature(body)
    return {
        "missing": None,
        "empty": "",
        "no-prefix": good.removeprefix("sha256="),
        "sha1-prefix": "sha1=" + good.removeprefix("sha256="),
        "other-secret": meta_signature(body, "not-" + WHATSAPP_APP_SECRET),
        "truncated": good[:-1],
        "one-hex-digit-changed": good[:-1] + ("0" if good[-1] != "0" else "1"),
        "signature-of-empty-body": meta_signature(b""),
    }


@pytest.mark.parametrize("database_url", BOTH_DATABASES, indirect=True)
async def test_whatsapp_refuses_every_bad_signature_and_stores_nothing(
    app: FastAPI, client: httpx.AsyncClient, graph_api: FakeGraphApi
) -> None:
    body = raw(wa_text("tolong saya disekap majikan, paspor diambil"))
    for name, signature in wa_signatures(body).items():
        response = await post_whatsapp(client, body, signature)
        assert response.status_code == 401, (name, response.status_code, response.text)
    assert await stored(app) == NOTHING
    assert graph_api.of(SEND) == []
    # The control: the same body, correctly signed, is accepted and stored.
    accepted = await post_whatsapp(client, body, meta_signature(body))
    assert accepted.status_code == 200, accepted.text
    after = await stored(app)
    assert after["deliveries"] == 1 and after["messages"] >= 2


@pytest.mark.parametrize("database_url", BOTH_DATABASES, indirect=True)
async def test_whatsapp_body_changed_by_one_byte_after_signing_is_refused(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    body = raw(wa_text("paspor saya ditahan agen"))
    signature = meta_signature(body)
    for tampered in (
        flip_one_byte(body, b"paspor"),  # the text
        flip_one_byte(body, b"6281234567001"),  # the sender
        body + b" ",  # one byte appended
        body[:-1] + b" ",  # the last byte replaced
    ):
        assert tampered != body
        response = await post_whatsapp(client, tampered, signature)
        assert response.status_code == 401, response.text
    assert await stored(app) == NOTHING


async def test_whatsapp_verification_needs_the_verify_token(client: httpx.AsyncClient) -> None:
    for token in (None, "", WHATSAPP_VERIFY_TOKEN[:-1], WHATSAPP_VERIFY_TOKEN + "x", WHATSAPP_APP_SECRET):
        params = {"hub.mode": "subscribe", "hub.challenge": "4242"}
        if token is not None:
            params["hub.verify_token"] = token
        response = await client.get("/webhooks/whatsapp", params=params)
        assert response.status_code == 403, (token, response.text)
        assert "4242" not in response.text


@pytest.mark.parametrize("database_url", BOTH_DATABASES, indirect=True)
async def test_telegram_refuses_missing_or_wrong_secret_and_stores_nothing(
    app: FastAPI, client: httpx.AsyncClient, bot_api: FakeBotApi
) -> None:
    body = raw(tg_text("tolong saya dikurung, tidak boleh keluar"))
    for secret in (
        None,
        "",
        TELEGRAM_SECRET[:-1],
        TELEGRAM_SECRET + "0",
        TELEGRAM_SECRET.upper(),
        " " + TELEGRAM_SECRET,
        WHATSAPP_APP_SECRET,
    ):
        response = await post_telegram(client, body, secret)
        assert response.status_code == 403, (secret, response.status_code, response.text)
    assert await stored(app) == NOTHING
    assert bot_api.of("sendMessage") == []
    accepted = await post_telegram(client, body, TELEGRAM_SECRET)
    assert accepted.status_code == 200, accepted.text
    assert (await stored(app))["deliveries"] == 1


@pytest.mark.parametrize(
    "overrides",
    [{"telegram_webhook_secret": SecretStr("")}],
    indirect=True,
)
async def test_channel_without_its_secret_is_not_started_and_accepts_nothing(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    assert "telegram" not in app.state.services.extras
    for secret in (None, "", "anything"):
        response = await post_telegram(client, raw(tg_text("halo")), secret)
        assert response.status_code == 404, response.text
    assert await stored(app) == NOTHING


@pytest.mark.parametrize(
    "missing",
    [
        {"telegram_token": "123:abc"},
        {"whatsapp_token": "EAAG", "whatsapp_verify_token": "v", "whatsapp_phone_number_id": "1"},
        {"whatsapp_token": "EAAG", "whatsapp_app_secret": "s", "whatsapp_phone_number_id": "1"},
    ],
    ids=["telegram-secret", "whatsapp-app-secret", "whatsapp-verify-token"],
)
def test_production_refuses_to_start_without_webhook_secrets(missing: dict[str, str]) -> None:
    with pytest.raises(SettingsError, match="HELPLINE_"):
        load_settings(environment="production", secret_key="k" * 40, **missing)
