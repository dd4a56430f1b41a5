"""Message text at rest: never plaintext in the raw database; keys rotate without losing a message."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from privacy_rows import add_conversation, add_ticket, add_triage
from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from bot.cli import app as cli
from bot.privacy.keys import rotate_all, rotation_cipher
from bot.storage.crypto import TranscriptCipher
from bot.storage.db import create_engine, session_factory, transaction
from bot.storage.migrate import upgrade
from bot.storage.models import Conversation, Direction, Message, Sender, Ticket, TicketNote
from handoff.triage import Triage
from tests.conftest import say

SECRET = "paspor A7654321 ditahan majikan di Kuching, tolong"


async def test_the_raw_database_holds_no_plaintext_message(client, settings) -> None:
    await say(client, "enc-user", SECRET)
    url = settings.effective_database_url
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            raw = [bytes(r[0]) for r in await conn.execute(text("SELECT text_encrypted FROM messages"))]
    finally:
        await engine.dispose()
    assert raw and all(b"A7654321" not in r and b"paspor" not in r for r in raw)
    cipher = TranscriptCipher.from_settings("", settings.effective_secret_key)
    assert SECRET in [cipher.decrypt(r) for r in raw]
    if make_url(url).get_backend_name() == "sqlite":
        database = Path(make_url(url).database or "")
        files = [database, *database.parent.glob(database.name + "-*")]  # and the WAL, not yet merged
        for path in files:
            data = path.read_bytes()
            assert b"A7654321" not in data and b"ditahan majikan" not in data, path


async def test_rotation_re_encrypts_every_message_and_note(sessions) -> None:
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    old = TranscriptCipher([old_key])
    at = datetime(2026, 5, 1, tzinfo=UTC)
    async with transaction(sessions) as s:
        conversation = await add_conversation(s, "rot-user", at, texts=())
        for n in range(3):
            s.add(
                Message(
                    conversation_id=conversation.id,
                    direction=Direction.IN,
                    sender=Sender.USER,
                    text_encrypted=old.encrypt(f"pesan {n}"),
                    created_at=at,
                )
            )
        ticket = await add_ticket(s, conversation, at, urgent=False)
        note = await s.scalar(select(TicketNote).where(TicketNote.ticket_id == ticket.id))
        note.text_encrypted = old.encrypt("catatan staf")
        s.add(
            Message(
                conversation_id=conversation.id,
                direction=Direction.IN,
                sender=Sender.USER,
                text_encrypted=TranscriptCipher([Fernet.generate_key().decode()]).encrypt("lost key"),
                created_at=at,
            )
        )
    report = await rotate_all(sessions, rotation_cipher(f"{new_key},{old_key}", "s" * 40))
    assert (report.messages, report.notes, report.unreadable) == (3, 1, 1)
    new_only = TranscriptCipher([new_key])
    async with sessions() as s:
        texts = [
            new_only.decrypt(t) for t in await s.scalars(select(Message.text_encrypted).order_by(Message.id))
        ]
        notes = [new_only.decrypt(t) for t in await s.scalars(select(TicketNote.text_encrypted))]
    assert texts[:3] == ["pesan 0", "pesan 1", "pesan 2"]
    assert texts[3].startswith("[unreadable")  # the row nobody can read was left, not destroyed
    assert notes == ["catatan staf"]


async def test_rotation_re_encrypts_the_triage_and_the_location(sessions) -> None:
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    old = TranscriptCipher([old_key])
    at = datetime(2026, 5, 1, tzinfo=UTC)
    async with transaction(sessions) as s:
        conversation = await add_conversation(s, "rot-triage", at, texts=())
        ticket = await add_ticket(s, conversation, at, urgent=True)
        add_triage(conversation, ticket, at, cipher=old)
        without = await add_conversation(s, "rot-none", at, texts=())  # nothing sealed: nothing to do
        await add_ticket(s, without, at, urgent=False)
    report = await rotate_all(sessions, rotation_cipher(f"{new_key},{old_key}", "s" * 40))
    assert (report.triage, report.locations) == (1, 1)  # (the notes were sealed with yet another key)
    new_only = TranscriptCipher([new_key])
    async with sessions() as s:
        sealed = await s.scalar(select(Ticket.triage_encrypted).where(Ticket.id == ticket.id))
        location = await s.scalar(
            select(Conversation.location_encrypted).where(Conversation.id == conversation.id)
        )
    triage = Triage.unseal(new_only, sealed, risk=90)
    assert triage.reasons == ("lexicon:confinement:disekap",) and triage.country == "MY:kuching"
    assert new_only.decrypt(location) == "MY:kuching"


async def test_rows_from_before_keys_were_configured_rotate_too(sessions) -> None:
    derived = TranscriptCipher.from_settings("", "s" * 40)
    async with transaction(sessions) as s:
        conversation = await add_conversation(s, "rot-2", datetime(2026, 5, 1, tzinfo=UTC), texts=())
        s.add(
            Message(
                conversation_id=conversation.id,
                direction=Direction.IN,
                sender=Sender.USER,
                text_encrypted=derived.encrypt("dulu"),
            )
        )
    new_key = Fernet.generate_key().decode()
    report = await rotate_all(sessions, rotation_cipher(new_key, "s" * 40))
    assert report.messages == 1 and report.unreadable == 0
    async with sessions() as s:
        token = await s.scalar(select(Message.text_encrypted))
    assert TranscriptCipher([new_key]).decrypt(token) == "dulu"


def test_keys_generate_prints_a_usable_key() -> None:
    result = CliRunner().invoke(cli, ["keys", "generate"])
    assert result.exit_code == 0
    Fernet(result.stdout.strip().encode())  # raises if it is not a valid key


def test_keys_rotate_refuses_without_configured_keys(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("HELPLINE_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("HELPLINE_ENCRYPTION_KEYS", raising=False)
    result = CliRunner().invoke(cli, ["keys", "rotate"])
    assert result.exit_code == 2
    assert "HELPLINE_ENCRYPTION_KEYS" in result.output


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_keys_rotate_command(monkeypatch, tmp_path, database_url) -> None:
    upgrade(database_url)
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()

    async def seed() -> None:
        engine = create_engine(database_url)
        try:
            async with transaction(session_factory(engine)) as s:
                conversation = await add_conversation(s, "cli", datetime(2026, 5, 1, tzinfo=UTC), texts=())
                s.add(
                    Message(
                        conversation_id=conversation.id,
                        direction=Direction.IN,
                        sender=Sender.USER,
                        text_encrypted=TranscriptCipher([old_key]).encrypt("halo"),
                    )
                )
        finally:
            await engine.dispose()

    asyncio.run(seed())
    monkeypatch.setenv("HELPLINE_DATABASE_URL", database_url)
    monkeypatch.setenv("HELPLINE_ENCRYPTION_KEYS", f"{new_key},{old_key}")
    monkeypatch.setenv("HELPLINE_SECRET_KEY", "k" * 40)
    result = CliRunner().invoke(cli, ["keys", "rotate"])
    assert result.exit_code == 0, result.output
    assert "re-encrypted 1 messages and 0 notes, 0 ticket triages and 0 locations" in result.output
