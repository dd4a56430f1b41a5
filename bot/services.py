"""Everything the app builds once at start-up, in one place, so routes and commands share it; a command
asks only for the parts it needs (see build_services)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.channels.registry import start_channels, stop_channels
from bot.engine import Engine
from bot.observability import Metrics
from bot.privacy.retention import start_retention_job, stop_retention_job
from bot.settings import Settings
from bot.storage.crypto import TranscriptCipher
from bot.storage.db import create_engine, session_factory
from bot.storage.migrate import upgrade_async
from flows import build_runner
from flows.actions.agency_lookup import SqlAgencyDirectory, seed_demo_agencies
from handoff.runtime import start_handoff, stop_handoff
from nlu.backends import build_backend
from nlu.types import NluBackend

log = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    db: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    cipher: TranscriptCipher
    metrics: Metrics
    nlu: NluBackend
    engine: Engine
    extras: dict[str, object] = field(default_factory=dict)  # channel clients, queue, notifier

    async def aclose(self) -> None:
        """Stop what build_services started; each step finds nothing to do for a part never started."""
        await stop_retention_job(self)
        await stop_handoff(self)
        await stop_channels(self)
        await self.nlu.aclose()
        await self.db.dispose()


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


async def build_services(
    settings: Settings,
    *,
    migrate: bool | None = None,
    channels: bool = True,
    background_jobs: bool = True,
) -> Services:
    """Connect, migrate (always for the embedded SQLite; on request for PostgreSQL), load NLU and flows.

    The defaults are what the web app needs. A command that only needs the engine turns the rest off,
    so it neither talks to Telegram or WhatsApp nor takes work meant for the serving processes:

    - ``channels``: the push channels (Telegram, WhatsApp, when configured) and the outbox, which sends
      every pending push reply in the database, not only this process's.
    - ``background_jobs``: the handoff upkeep (re-queueing from SQL at start and periodically, lease
      renewal, reclaiming dead workers' tickets, escalation), the live-event listener for this
      process's consoles, and the retention job.

    Handoff itself is always on: the engine writes a ticket to SQL in the turn's transaction, and the
    desk's after-commit listener queues it and announces it to the consoles (through Redis when set),
    so an urgent message handled by any process reaches staff at once.
    """
    url = settings.effective_database_url
    if migrate if migrate is not None else is_sqlite(url):
        await upgrade_async(url)
    db = create_engine(url)
    sessions = session_factory(db)
    cipher = TranscriptCipher.from_settings(
        settings.encryption_keys.get_secret_value(), settings.effective_secret_key
    )
    metrics = Metrics()
    nlu = build_backend(
        settings.nlu_backend, rasa_url=settings.rasa_url, model_dir=settings.effective_nlu_model_dir
    )
    agencies = SqlAgencyDirectory(sessions)
    await seed_demo_agencies(sessions)
    engine = Engine(
        session_factory=sessions,
        nlu=nlu,
        runner=build_runner(),
        agencies=agencies,
        cipher=cipher,
        metrics=metrics,
        max_text_chars=settings.max_text_chars,
    )
    log.info(
        "services ready", extra={"database": make_url(url).get_backend_name(), "nlu": settings.nlu_backend}
    )
    services = Services(settings, db, sessions, cipher, metrics, nlu, engine)
    if channels:
        await start_channels(services)  # Telegram, WhatsApp and the outbox, when configured
    await start_handoff(services, upkeep_jobs=background_jobs)  # ticket queue, live events, escalation
    if background_jobs:
        start_retention_job(services)  # periodic deletion of expired transcripts (bot/privacy/retention.py)
    return services

