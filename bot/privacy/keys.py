"""Encryption keys for message text at rest: generate a new key, re-encrypt everything with it.

Everything sealed with the transcript cipher is re-encrypted: messages, staff notes, the tickets'
triage (reasons and first words, ``tickets.triage_encrypted``) and where the person is
(``conversations.location_encrypted``).

Rotation: put the new key first in ``HELPLINE_ENCRYPTION_KEYS`` (keep the old ones after it),
run `helpline keys rotate`, then the old keys can be removed. Rows written while no key was
configured (key derived from the secret key) are readable during rotation too.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.crypto import TranscriptCipher
from bot.storage.db import transaction
from bot.storage.models import Conversation, Message, Ticket, TicketNote

BATCH = 500  # rows per transaction: a rotation of millions of rows never holds one long lock


@dataclass(slots=True)
class RotationReport:
    messages: int = 0
    notes: int = 0
    triage: int = 0  # tickets' reasons and first words
    locations: int = 0  # conversations' country / city
    unreadable: int = 0  # encrypted with a key that is no longer configured; left as they are


# (model, encrypted column, report counter); rows whose column is NULL have nothing to rotate.
ENCRYPTED_COLUMNS: tuple[tuple[Any, str, str], ...] = (
    (Message, "text_encrypted", "messages"),
    (TicketNote, "text_encrypted", "notes"),
    (Ticket, "triage_encrypted", "triage"),
    (Conversation, "location_encrypted", "locations"),
)


def generate_key() -> str:
    return Fernet.generate_key().decode()


def derived_key(secret_key: str) -> str:
    """The key used when HELPLINE_ENCRYPTION_KEYS is empty (as TranscriptCipher.from_settings derives it)."""
    digest = hashlib.sha256(b"helpline-transcript:" + secret_key.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def rotation_cipher(encryption_keys: str, secret_key: str) -> TranscriptCipher:
    """Configured keys newest first, plus the secret-derived key last so older rows can be read."""
    keys = [k.strip() for k in encryption_keys.split(",") if k.strip()]
    fallback = derived_key(secret_key)
    return TranscriptCipher([*keys, fallback] if fallback not in keys else keys)


async def rotate_all(sessions: async_sessionmaker[AsyncSession], cipher: TranscriptCipher) -> RotationReport:
    """Re-encrypt every message, staff note, ticket triage and stored location with the newest key."""
    report = RotationReport()
    for model, column, counter in ENCRYPTED_COLUMNS:
        last_id = 0
        while True:
            async with transaction(sessions) as session:
                done, last_id = await _rotate_batch(session, model, column, cipher, last_id, report)
            setattr(report, counter, getattr(report, counter) + done)
            if done == 0 and last_id == -1:
                break
    return report


async def _rotate_batch(
    session: AsyncSession,
    model: Any,
    column: str,
    cipher: TranscriptCipher,
    after: int,
    report: RotationReport,
) -> tuple[int, int]:
    sealed = getattr(model, column)
    rows = (
        await session.execute(
            select(model.id, sealed)
            .where(model.id > after, sealed.is_not(None))
            .order_by(model.id)
            .limit(BATCH)
        )
    ).all()
    if not rows:
        return 0, -1
    changed = []
    for row_id, token in rows:
        try:
            changed.append({"id": row_id, column: cipher.rotate(token)})
        except InvalidToken:
            report.unreadable += 1
    if changed:
        await session.execute(update(model), changed)
    return len(changed), rows[-1][0]
