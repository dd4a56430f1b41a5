"""The notice when nobody can answer soon (no staff online, or out of hours): the help card for the person's
country, in their language, with the operator's optional extra numbers; installed at start-up."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.settings import load_settings
from bot.storage.db import create_engine, session_factory, transaction
from bot.storage.migrate import upgrade_async
from bot.storage.models import Contact, Conversation
from flows.help_card import notice_numbers
from handoff import policy
from handoff.hours import JAKARTA
from handoff.runtime import start_handoff
from handoff.service import open_ticket

MONDAY_NOON = datetime(2026, 11, 30, 12, 0, tzinfo=JAKARTA)  # inside "mon-sun 00:00-24:00"
SUNDAY_NOON = datetime(2026, 12, 6, 12, 0, tzinfo=JAKARTA)  # outside "mon-fri 08:00-17:00"


@pytest.fixture(autouse=True)
def restore_policy() -> Iterator[None]:
    yield
    policy.configure(policy.ALWAYS_OPEN)


@pytest.fixture
async def sessions(tmp_path: Path) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'notice.sqlite3'}"
    await upgrade_async(url)
    engine = create_engine(url)
    yield session_factory(engine)
    await engine.dispose()


async def notice_for(
    sessions: async_sessionmaker[AsyncSession], language: str, location: str | None, user: str = "u1"
) -> str:
    """Open a ticket as the engine does; nobody is online in this database."""
    async with transaction(sessions) as session:
        contact = Contact(channel="webchat", channel_user_id=user)
        session.add(contact)
        await session.flush()
        conversation = Conversation(contact_id=contact.id, language=language)
        session.add(conversation)
        await session.flush()
        opened = await open_ticket(
            session, conversation, "webchat", urgent=True, reason="emergency", location=location
        )
    assert opened.notice is not None and opened.expected_wait_seconds is None
    return opened.notice.text


async def test_nobody_online_gives_the_card_for_malaysia_in_indonesian(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    policy.configure(policy.ALWAYS_OPEN, "", help_numbers=notice_numbers)
    text = await notice_for(sessions, "id", "MY:johor_bahru")
    assert text.startswith("Saat ini belum ada staf yang online")
    assert "Di Malaysia:" in text and "999" in text and "KJRI Johor Bahru" in text
    assert "2924 4800" in text and "0811-8080-141" in text
    for english in ("Police", "Emergency", "Ambulance", "crisis centre, from abroad"):
        assert english not in text, english  # no English labels in an Indonesian reply


async def test_nobody_online_in_english_for_saudi_arabia(sessions: async_sessionmaker[AsyncSession]) -> None:
    text = await notice_for(sessions, "en", "SA:riyadh")  # the default policy uses the same card
    assert text.startswith("No staff member is online")
    assert "In Saudi Arabia:" in text and "911" in text and "+966 56 917 3990" in text and "2924 4800" in text


async def test_indonesia_gets_110_first_and_no_number_from_abroad(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    text = await notice_for(sessions, "id", "ID")
    bullets = [line for line in text.splitlines() if line.startswith("• ")]
    assert bullets[0] == "• Polisi: 110" and "2924 4800" not in text


async def test_unknown_location_gets_both_abroad_and_indonesia(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    text = await notice_for(sessions, "id", None)
    assert "Jika Anda di luar negeri:" in text and "2924 4800" in text
    assert "Jika Anda di Indonesia:" in text and "• Polisi: 110" in text


async def test_out_of_hours_names_the_time_and_gives_the_card(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    policy.configure("mon-fri 08:00-17:00", "", help_numbers=notice_numbers)
    async with sessions() as session:
        ticket = SimpleNamespace(language="id", created_at=SUNDAY_NOON)
        notice = await policy.current().queued_notice(session, ticket, SUNDAY_NOON, location="TW")  # type: ignore[arg-type]
    assert notice.out_of_hours and "WIB" in notice.message.text
    assert "Di Taiwan:" in notice.message.text and "1955" in notice.message.text


async def test_the_operator_numbers_are_appended_as_written(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    policy.configure(policy.ALWAYS_OPEN, "Shelter XYZ 24h: +60 3-0000 0000", help_numbers=notice_numbers)
    text = await notice_for(sessions, "id", "HK")
    assert "999" in text and text.rstrip().endswith("Shelter XYZ 24h: +60 3-0000 0000")


def test_the_setting_is_empty_by_default() -> None:
    assert load_settings(secret_key="t" * 40).handoff_emergency_numbers == ""


async def test_start_up_installs_the_country_card(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path, secret_key="t" * 40, handoff_hours="mon-fri 08:00-17:00")
    services = SimpleNamespace(
        settings=settings, sessions=None, cipher=None, extras={}, engine=SimpleNamespace(after_commit=[])
    )
    await start_handoff(services, upkeep_jobs=False)
    installed = policy.current()
    assert installed.help_numbers is notice_numbers and installed.emergency_numbers == ""
    assert not installed.hours.is_open(SUNDAY_NOON) and installed.hours.is_open(MONDAY_NOON)
