"""Storage on SQLite and PostgreSQL: the schema migrates, keys hold, times stay UTC, text is encrypted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from bot.storage.crypto import TranscriptCipher
from bot.storage.db import create_engine, session_factory, transaction
from bot.storage.migrate import upgrade, upgrade_async
from bot.storage.models import (
    Contact,
    Conversation,
    ConversationMode,
    Direction,
    Message,
    ProcessedDelivery,
    Sender,
)


@pytest.fixture
async def sessions(database_url: str):
    await upgrade_async(database_url)  # idempotent: a second upgrade is a no-op
    engine = create_engine(database_url)
    yield session_factory(engine)
    await engine.dispose()


async def test_dedupe_key_is_unique_per_channel(sessions) -> None:
    async with transaction(sessions) as s:
        s.add(ProcessedDelivery(channel="telegram", message_id="42"))
        s.add(ProcessedDelivery(channel="whatsapp", message_id="42"))  # same id, other channel: fine
    with pytest.raises(IntegrityError):
        async with transaction(sessions) as s:
            s.add(ProcessedDelivery(channel="telegram", message_id="42"))


async def test_failed_transaction_leaves_nothing_half_written(sessions) -> None:
    with pytest.raises(IntegrityError):
        async with transaction(sessions) as s:
            s.add(Contact(channel="webchat", channel_user_id="half-written-user"))
            await s.flush()
            s.add(ProcessedDelivery(channel="x", message_id="1"))
            s.add(ProcessedDelivery(channel="x", message_id="1"))
    async with sessions() as s:
        assert await s.scalar(select(Contact).where(Contact.channel_user_id == "half-written-user")) is None


async def test_times_come_back_as_aware_utc(sessions) -> None:
    jakarta = timezone(timedelta(hours=7))
    sent = datetime(2026, 3, 1, 9, 30, tzinfo=jakarta)
    async with transaction(sessions) as s:
        contact = Contact(channel="webchat", channel_user_id="utc-user", created_at=sent)
        s.add(contact)
    async with sessions() as s:
        stored = await s.scalar(select(Contact).where(Contact.channel_user_id == "utc-user"))
        assert stored is not None
        assert stored.created_at == sent
        assert stored.created_at.tzinfo is not None
        assert stored.created_at.utcoffset() == timedelta(0)


async def test_message_text_is_encrypted_at_rest(sessions, database_url: str) -> None:
    cipher = TranscriptCipher.from_settings("", "k" * 40)
    secret = "paspor saya ditahan majikan"
    async with transaction(sessions) as s:
        contact = Contact(channel="webchat", channel_user_id="enc-user")
        s.add(contact)
        await s.flush()
        conversation = Conversation(contact_id=contact.id, mode=ConversationMode.BOT)
        s.add(conversation)
        await s.flush()
        s.add(
            Message(
                conversation_id=conversation.id,
                direction=Direction.IN,
                sender=Sender.USER,
                text_encrypted=cipher.encrypt(secret),
                created_at=datetime.now(UTC),
            )
        )
    async with sessions() as s:
        raw = (await s.execute(text("SELECT text_encrypted FROM messages"))).scalar_one()
        assert secret.encode() not in bytes(raw)
        assert cipher.decrypt(raw) == secret


def test_cipher_rotation_keeps_old_rows_readable() -> None:
    from cryptography.fernet import Fernet

    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    token = TranscriptCipher([old_key]).encrypt("halo")
    rotated_cipher = TranscriptCipher([new_key, old_key])
    assert rotated_cipher.decrypt(token) == "halo"
    assert TranscriptCipher([new_key]).decrypt(rotated_cipher.rotate(token)) == "halo"
    assert TranscriptCipher([new_key]).decrypt(token).startswith("[unreadable")


def test_the_migration_history_has_one_head() -> None:
    from alembic.script import ScriptDirectory

    from bot.storage.migrate import alembic_config

    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert len(heads) == 1, f"merge the migration branches: {heads}"


def test_models_match_the_migrations(tmp_path) -> None:
    """Autogenerate against a freshly migrated database finds nothing: no model change lacks a migration."""
    import asyncio

    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from bot.storage.models import Base

    url = f"sqlite+aiosqlite:///{tmp_path / 'm.sqlite3'}"
    upgrade(url)

    async def diff() -> list:
        engine = create_engine(url)
        async with engine.connect() as conn:
            found = await conn.run_sync(
                lambda c: compare_metadata(MigrationContext.configure(c, opts={"compare_type": False}), Base.metadata)
            )
        await engine.dispose()
        return found

    assert asyncio.run(diff()) == []
