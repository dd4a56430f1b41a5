"""Through the web chat and the real engine: consent is recorded, /hapus erases after confirmation."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.privacy.retention import run_purge
from bot.storage.models import Contact, Message, ThemeEvent
from tests.conftest import say


async def contact_of(app, user: str) -> Contact | None:
    async with app.state.services.sessions() as s:
        return await s.scalar(
            select(Contact).where(Contact.channel == "webchat", Contact.channel_user_id == user)
        )


async def message_count(app) -> int:
    async with app.state.services.sessions() as s:
        return int(await s.scalar(select(func.count()).select_from(Message)) or 0)


async def test_consent_is_recorded_when_the_user_agrees(app, client) -> None:
    await say(client, "consent-user", "halo")
    contact = await contact_of(app, "consent-user")
    assert contact is not None and contact.consent_at is None  # asked, not yet given
    await say(client, "consent-user", button="welcome.privacy.agree")
    contact = await contact_of(app, "consent-user")
    assert contact is not None and contact.consent_at is not None


async def test_hapus_erases_after_confirmation_and_the_identity_goes_next(app, client) -> None:
    user = "hapus-user"
    await say(client, user, "halo")
    await say(client, user, button="welcome.privacy.agree")
    await say(client, user, "agensi PT Maju Jaya resmi gak? no hp sy 081234567890")
    before = await message_count(app)
    asked = await say(client, user, "/hapus")
    assert any(b["id"] == "delete_data.confirm.confirm" for r in asked for b in r.get("buttons", []))
    assert await message_count(app) > before  # nothing erased before the confirmation
    await say(client, user, button="delete_data.confirm.confirm")
    contact = await contact_of(app, user)
    assert contact is not None and contact.erase_requested_at is not None
    async with app.state.services.sessions() as s:
        left = list(await s.scalars(select(Message).where(Message.sender != "bot")))
        themes = await s.scalar(select(func.count()).select_from(ThemeEvent))
    assert left == []  # every message the user sent is gone; only the bot's confirmation remains
    assert themes  # anonymous theme counts are not personal data and stay

    # Web chat replies are pulled, nothing waits for delivery: the next retention pass cuts the link.
    await run_purge(app.state.services.sessions, retention_days=90)
    assert await contact_of(app, user) is None
    await say(client, user, "halo lagi")  # coming back starts afresh, with a new consent question
    fresh = await contact_of(app, user)
    assert fresh is not None and fresh.consent_at is None and fresh.erase_requested_at is None
