"""The conversation engine: one inbound message in, the bot's replies out (DESIGN "Data flow").

    dedupe -> conversation (ordered) -> human gate -> NLU -> safety gate -> flows -> theme -> replies

Everything for one message happens in one SQL transaction, so a crash leaves either the whole turn
stored or none of it (then the platform redelivers and we answer once).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace

from sqlalchemy import and_, bindparam, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import locales
from bot.locks import KeyedLocks
from bot.messages import EMERGENCY_BUTTON_ID, Channel, InboundKind, InboundMessage, OutboundMessage
from bot.observability import Metrics
from bot.outbox import OutboxRow
from bot.privacy.erasure import erase_contact_data
from bot.storage.crypto import TranscriptCipher
from bot.storage.db import transaction
from bot.storage.models import (
    Contact,
    Conversation,
    ConversationMode,
    DeliveryStatus,
    Direction,
    Message,
    ProcessedDelivery,
    Sender,
    TicketPriority,
    TicketStatus,
)
from bot.storage.types import utcnow
from flows.contract import AgencyDirectory, FlowRunner, FlowState, Turn, TurnResult
from handoff import policy, waiting
from handoff import service as handoff
from handoff.flood import NORMAL_LANE, FloodGuard, settle_lane
from handoff.triage import Triage, preview_of
from handoff.waiting import WaitingAction
from insights.themes import record_theme
from nlu.location import detect_location, parse_key
from nlu.types import MIN_CONFIDENCE, NluBackend, NluResult, Urgency

log = logging.getLogger(__name__)

# Channels whose replies we push through a platform API (stored as pending in the outbox);
# the web chat and the terminal pull replies from the HTTP answer or the transcript instead.
PUSH_CHANNELS = frozenset({Channel.TELEGRAM, Channel.WHATSAPP})
# A paste is stored and scanned for danger whole up to this length (the web chat accepts it; Telegram
# and WhatsApp stop at 4,096); the flows and the classifier read the first max_text_chars of it.
MAX_STORED_CHARS = 20_000
# The Emergency button (or "darurat" typed) says danger without saying which: in the middle of the
# urgent queue, below a described crisis.
BUTTON_RISK = 50
# After "bukan darurat": a question of at least this many words is answered at once.
QUESTION_MIN_WORDS = 2
NOT_A_QUESTION = frozenset({"out_of_scope", "emergency", "greet", "goodbye", "human_agent"})
MSG_BOT_IS_BACK = locales.N_(
    "Thank you for telling us. I can answer your questions again now. Our staff will still read this "
    "chat, in case you need them. If that changes, press Emergency / Darurat."
)
# Above a message limit (handoff/flood.py) an ordinary message gets this instead of the flows; urgent
# words, the Emergency button, commands and the safety flows are answered as always.
MSG_PLEASE_WAIT = locales.N_(
    "You are sending many messages very fast. Please wait a moment, then write again. "
    "If you are in danger, press Emergency / Darurat."
)
SAFETY_FLOWS = frozenset({"emergency", "danger_check"})


@dataclass(slots=True)
class EngineResult:
    replies: list[OutboundMessage] = field(default_factory=list)
    duplicate: bool = False
    conversation_id: int | None = None
    last_message_id: int | None = None  # cursor for pull channels
    ticket_id: int | None = None
    urgent: bool = False
    outbound: list[OutboxRow] = field(default_factory=list)  # stored for a push channel: the outbox sends them
    flood: bool = False  # the new ticket went to the "possible flood" lane (handoff/flood.py)
    flood_alert: bool = False  # ... and started a flood episode: supervisors are alerted once
    flood_moved: list[int] = field(default_factory=list)  # earlier tickets moved to the lane with it


# Called after commit with (conversation_id, ticket_id or None, urgent): handoff notifications,
# outbox dispatch. Kept as plain callbacks so the engine does not know who listens.
AfterCommit = Callable[[EngineResult], Awaitable[None]]


# The per-turn statements, built once with bound parameters (building a SQLAlchemy expression costs
# more CPU than the database spends running it; bench/README.md).
_CONTACT_AND_CONVERSATION = (
    select(Contact, Conversation)
    .outerjoin(Conversation, and_(Conversation.contact_id == Contact.id, Conversation.closed_at.is_(None)))
    .where(Contact.channel == bindparam("channel"), Contact.channel_user_id == bindparam("user_id"))
    .order_by(Conversation.id.desc())
    .limit(1)
    .with_for_update(of=Contact)
)
_DELIVERIES = ProcessedDelivery.__table__  # Core, not ORM: an ORM insert goes through its bulk machinery
_RECORD_DELIVERY = {
    dialect: insert(_DELIVERIES)
    .values(channel=bindparam("channel"), message_id=bindparam("message_id"), received_at=bindparam("received_at"))
    .on_conflict_do_nothing(index_elements=["channel", "message_id"])
    .returning(_DELIVERIES.c.id)
    for dialect, insert in (("postgresql", pg_insert), ("sqlite", sqlite_insert))
}


class Engine:
    def __init__(
        self,
        *,
        session_factory: async_sessionmaker[AsyncSession],
        nlu: NluBackend,
        runner: FlowRunner,
        agencies: AgencyDirectory,
        cipher: TranscriptCipher,
        metrics: Metrics,
        max_text_chars: int = 4096,
    ) -> None:
        self._sf = session_factory
        self._nlu = nlu
        self._runner = runner
        self._agencies = agencies
        self._cipher = cipher
        self._metrics = metrics
        self._max_text = max_text_chars
        self._locks = KeyedLocks()
        self.after_commit: list[AfterCommit] = []
        self.flood = FloodGuard()  # abuse limits; handoff.runtime shares them through Redis when set

    async def handle(self, msg: InboundMessage) -> EngineResult:
        return await self._turn(msg, self._handle_in_transaction)

    async def handle_unreadable(self, msg: InboundMessage, reply_text: Callable[[str], str]) -> EngineResult:
        """A message the flows cannot use (photo, voice, sticker): stored for the console and, unless
        staff hold the conversation, answered with ``reply_text(language)``; same guarantees as a turn."""

        async def unreadable(session: AsyncSession, msg: InboundMessage) -> EngineResult:
            opened = await self._open_turn(session, msg)
            if opened is None:
                return EngineResult(duplicate=True)
            contact, conversation, _ = opened
            stored = [self._store(session, conversation, Direction.IN, Sender.USER, _describe(msg))]
            result = EngineResult(conversation_id=conversation.id)
            if conversation.mode is ConversationMode.BOT:  # invariant 4: silent while staff hold it
                reply = OutboundMessage(reply_text(conversation.language))
                result.replies = [reply]
                push = msg.channel in PUSH_CHANNELS
                stored.append(self._store(session, conversation, Direction.OUT, Sender.BOT, reply.text, reply, push=push))
            return await _stored(session, result, stored, conversation, contact)

        return await self._turn(msg, unreadable)

    async def _turn(
        self, msg: InboundMessage, work: Callable[[AsyncSession, InboundMessage], Awaitable[EngineResult]]
    ) -> EngineResult:
        """One user's messages one at a time, each in one transaction; listeners run after the commit."""
        started = time.perf_counter()
        key = f"{msg.channel}:{msg.channel_user_id}"
        async with self._locks.hold(key), transaction(self._sf) as session:
            result = await work(session, msg)
        if result.duplicate:
            self._metrics.duplicates.labels(msg.channel).inc()
            log.info("duplicate delivery ignored", extra={"channel": str(msg.channel)})
            return result
        self._metrics.messages_in.labels(msg.channel).inc()
        self._metrics.messages_out.labels(msg.channel).inc(len(result.replies))
        self._metrics.turn_latency.labels(msg.channel).observe(time.perf_counter() - started)
        for callback in self.after_commit:
            try:
                await callback(result)
            except Exception:  # a listener failing must not lose the (already stored) turn
                log.exception("after-commit listener failed", extra={"conversation": result.conversation_id})
        return result

    async def _handle_in_transaction(self, session: AsyncSession, msg: InboundMessage) -> EngineResult:
        opened = await self._open_turn(session, msg)
        if opened is None:
            return EngineResult(duplicate=True)
        contact, conversation, is_new = opened
        result = EngineResult(conversation_id=conversation.id)
        # The whole message is kept and scanned for danger (a long paste may end with it); the flows and
        # the classifier read the first max_text characters.
        text = msg.text[:MAX_STORED_CHARS]
        inbound = self._store(session, conversation, Direction.IN, Sender.USER, text or _describe(msg))

        msg = await self._numbered_choice(session, conversation, msg)
        nlu = await self._parse(text) if msg.kind is InboundKind.TEXT and text.strip() else None
        urgency = _urgency(msg, nlu)
        result.urgent = urgency is Urgency.URGENT
        over_limit = await self.flood.message_over_limit(str(msg.channel), msg.channel_user_id, msg.client_address)
        if result.urgent:
            self._metrics.urgent.inc()

        stored_location = self._location(conversation)
        turn = Turn(
            channel=str(msg.channel),
            text=text[: self._max_text],
            button_id=msg.button_id,
            command=msg.command,
            command_args=msg.command_args,
            nlu=nlu,
        )
        state = FlowState(
            language=conversation.language,
            flow=conversation.active_flow,
            step=conversation.flow_step,
            slots=dict(conversation.flow_slots or {}),
            misunderstood_in_a_row=conversation.misunderstood_in_a_row,
            is_new=is_new,
            location=_where_now(text, stored_location),
        )
        triage = _triage(msg, nlu, text, state.location) if result.urgent else None

        if conversation.mode is not ConversationMode.BOT:
            outcome = await self._while_ticket_open(session, msg, conversation, turn, state, triage, result)
            if outcome is None:  # silent: stored and relayed to the console
                self._remember_location(conversation, stored_location, state.location)
                return await _stored(session, result, [inbound], conversation, contact)
        elif urgency is Urgency.URGENT:
            outcome = await self._runner.start("emergency", turn, state, self._agencies)
        elif urgency is Urgency.POSSIBLE and state.flow != "danger_check":
            outcome = await self._runner.start("danger_check", turn, state, self._agencies)
        elif over_limit and msg.kind in (InboundKind.TEXT, InboundKind.BUTTON) and state.flow not in SAFETY_FLOWS:
            please_wait = OutboundMessage(locales.translate(state.language, MSG_PLEASE_WAIT))
            outcome = TurnResult(replies=[please_wait], state=state)
        else:
            outcome = await self._runner.run(turn, state, self._agencies)
        self._remember_location(conversation, stored_location, outcome.state.location)
        stored = await self._apply(session, msg, contact, conversation, outcome, result, triage)
        return await _stored(session, result, [inbound, *stored], conversation, contact)

    async def _while_ticket_open(
        self,
        session: AsyncSession,
        msg: InboundMessage,
        conversation: Conversation,
        turn: Turn,
        state: FlowState,
        triage: Triage | None,
        result: EngineResult,
    ) -> TurnResult | None:
        """A ticket is queued or held (handoff/waiting.py has the rules); None means stay silent."""
        ticket = await handoff.find_open_ticket(session, conversation.id)
        if ticket is None:  # the ticket was closed under us: the bot has the conversation again
            conversation.mode = ConversationMode.BOT
            return await self._runner.run(turn, state, self._agencies)
        action = waiting.decide(
            msg,
            waiting.OpenTicketState(
                held=ticket.status is TicketStatus.CLAIMED,
                urgent=ticket.priority == int(TicketPriority.URGENT),
                active_flow=conversation.active_flow,
                last_notice_at=conversation.waiting_notice_at,
            ),
            urgent_now=result.urgent,
            names_place=bool(turn.text) and detect_location(turn.text) is not None,
        )
        if triage is not None and action is not WaitingAction.CARD:
            # Danger written while waiting or while staff hold it: the ticket goes up the queue at once.
            await handoff.open_ticket(
                session,
                conversation,
                msg.channel,
                urgent=True,
                reason="urgent_while_waiting",
                risk=triage.risk,
                triage_sealed=triage.seal(self._cipher),
            )
        result.ticket_id = ticket.id
        if action is WaitingAction.SILENT:
            return None
        if action is WaitingAction.CARD:
            return await self._runner.start("emergency", turn, state, self._agencies)
        if action is WaitingAction.MENU:
            return await self._runner.run(replace(turn, command="menu"), state, self._agencies)
        if action is WaitingAction.SERVE:
            return await self._runner.run(turn, state, self._agencies)
        if action is WaitingAction.NOTICE:
            notice = await policy.current().queued_notice(session, ticket, msg.received_at, location=state.location)
            conversation.waiting_notice_at = msg.received_at
            return TurnResult(replies=[notice.message], state=state)
        # NOT_URGENT: the bot is back for questions; the ticket stays for staff, marked.
        await handoff.mark_user_not_urgent(session, conversation.id, msg.received_at)
        conversation.mode = ConversationMode.BOT
        ack = OutboundMessage(locales.translate(state.language, MSG_BOT_IS_BACK))
        question = waiting.without_not_urgent(turn.text)
        asked = await self._parse(question) if len(question.split()) >= QUESTION_MIN_WORDS else None
        if asked is not None and asked.intent not in NOT_A_QUESTION and asked.confidence >= MIN_CONFIDENCE:
            outcome = await self._runner.run(replace(turn, text=question, nlu=asked), state, self._agencies)
        else:
            outcome = await self._runner.run(replace(turn, command="menu"), state, self._agencies)
        outcome.replies.insert(0, ack)
        return outcome

    async def _apply(
        self,
        session: AsyncSession,
        msg: InboundMessage,
        contact: Contact,
        conversation: Conversation,
        outcome: TurnResult,
        result: EngineResult,
        triage: Triage | None = None,
    ) -> list[Message]:
        state = outcome.state
        conversation.language = state.language
        conversation.active_flow = state.flow
        conversation.flow_step = state.step
        conversation.flow_slots = state.slots
        conversation.misunderstood_in_a_row = state.misunderstood_in_a_row
        if outcome.consent_given and contact.consent_at is None:
            contact.consent_at = utcnow()
        replies = list(outcome.replies)
        if outcome.handoff is not None:
            if outcome.handoff.urgent and triage is None:  # the card reached by a path the NLU did not flag
                triage = _triage(msg, None, msg.text, state.location)
            lane = NORMAL_LANE
            if conversation.mode is ConversationMode.BOT:  # a new ticket: counted against the abuse limits
                lane = await self.flood.ticket_lane(
                    str(msg.channel), msg.channel_user_id, msg.client_address, urgent=outcome.handoff.urgent
                )
            opened = await handoff.open_ticket(
                session,
                conversation,
                msg.channel,
                urgent=outcome.handoff.urgent,
                reason=outcome.handoff.reason,
                risk=triage.risk if triage and outcome.handoff.urgent else 0,
                triage_sealed=triage.seal(self._cipher) if triage and outcome.handoff.urgent else None,
                location=state.location,
                flood=lane.flood,
            )
            result.ticket_id = opened.ticket_id
            if opened.created:
                result.flood, result.flood_alert = lane.flood, lane.alert
                result.flood_moved = await settle_lane(session, self.flood, lane, opened.ticket_id)
            if opened.notice is not None:
                replies.append(opened.notice)
                conversation.waiting_notice_at = msg.received_at
        if outcome.erase_confirmed:
            # The user asked (and confirmed) to delete their data; privacy code decides what an
            # open urgent ticket still needs and erases the rest now or when it closes.
            await erase_contact_data(session, contact.id)
        if outcome.theme:
            await record_theme(
                session,
                theme=outcome.theme,
                language=state.language,
                channel=str(msg.channel),
                urgent=result.urgent,
                handoff=outcome.handoff is not None,
                outcome=outcome.outcome,
                when=msg.received_at,
            )
        push = msg.channel in PUSH_CHANNELS
        result.replies = replies
        return [
            self._store(session, conversation, Direction.OUT, Sender.BOT, r.text, r, push=push)
            for r in replies
        ]

    def _store(
        self,
        session: AsyncSession,
        conversation: Conversation,
        direction: Direction,
        sender: Sender,
        text: str,
        reply: OutboundMessage | None = None,
        *,
        push: bool = False,
    ) -> Message:
        row = Message(
            conversation_id=conversation.id,
            direction=direction,
            sender=sender,
            text_encrypted=self._cipher.encrypt(text),
            buttons=[{"id": b.id, "title": b.title} for b in reply.buttons] if reply else [],
            delivery_status=DeliveryStatus.PENDING if push else DeliveryStatus.NONE,
            created_at=utcnow(),
        )
        session.add(row)
        return row

    def _location(self, conversation: Conversation) -> str | None:
        if conversation.location_encrypted is None:
            return None
        where = self._cipher.decrypt(conversation.location_encrypted)
        return where if parse_key(where) is not None else None  # unreadable (retired key)

    def _remember_location(self, conversation: Conversation, before: str | None, now: str | None) -> None:
        if now is not None and now != before:
            conversation.location_encrypted = self._cipher.encrypt(now)

    async def _numbered_choice(
        self, session: AsyncSession, conversation: Conversation, msg: InboundMessage
    ) -> InboundMessage:
        """On channels that show buttons as a numbered list, "2" means the second button offered."""
        choice = msg.text.strip().rstrip(".")
        if msg.kind is not InboundKind.TEXT or not choice.isdigit() or len(choice) > 2:
            return msg
        last_buttons = await session.scalar(
            select(Message.buttons)
            .where(Message.conversation_id == conversation.id, Message.direction == Direction.OUT)
            .order_by(Message.id.desc())
            .limit(1)
        )
        index = int(choice) - 1
        if not last_buttons or not 0 <= index < len(last_buttons):
            return msg
        return replace(msg, kind=InboundKind.BUTTON, button_id=last_buttons[index]["id"])

    async def _parse(self, text: str) -> NluResult:
        started = time.perf_counter()
        try:
            return await self._nlu.parse(text)
        finally:
            self._metrics.nlu_latency.observe(time.perf_counter() - started)

    async def _open_turn(
        self, session: AsyncSession, msg: InboundMessage
    ) -> tuple[Contact, Conversation, bool] | None:
        """Lock the sender, record the delivery's key and find (or start) the open conversation;
        None for a redelivery. Returns (contact, conversation, the contact is new)."""
        contact, conversation, is_new = await self._contact_for(session, msg)
        if not await self._first_delivery(session, msg):
            return None
        conversation = conversation or await self._new_conversation(session, contact, msg)
        conversation.last_inbound_at = msg.received_at
        return contact, conversation, is_new

    async def _contact_for(
        self, session: AsyncSession, msg: InboundMessage
    ) -> tuple[Contact, Conversation | None, bool]:
        """The sender's contact, locked for this turn (turns of one user run one at a time, in every
        process), with its open conversation if any, in one query; created when new."""
        params = {"channel": str(msg.channel), "user_id": msg.channel_user_id}
        found = (await session.execute(_CONTACT_AND_CONVERSATION, params)).first()
        if found is not None:
            return found[0], found[1], False
        try:
            async with session.begin_nested():
                contact = Contact(channel=str(msg.channel), channel_user_id=msg.channel_user_id)
                session.add(contact)
            return contact, None, True
        except IntegrityError:  # another worker created it a moment ago
            found = (await session.execute(_CONTACT_AND_CONVERSATION, params)).first()
            assert found is not None
            return found[0], found[1], False

    async def _first_delivery(self, session: AsyncSession, msg: InboundMessage) -> bool:
        """Record the delivery's key; False when it was already recorded (a redelivery).

        One ``INSERT ... ON CONFLICT DO NOTHING RETURNING`` instead of a savepoint around a plain
        insert: the same answer in one round trip instead of three.
        """
        statement = _RECORD_DELIVERY[session.bind.dialect.name]
        params = {"channel": str(msg.channel), "message_id": msg.message_id, "received_at": utcnow()}
        inserted = await session.scalar(statement, params)
        return inserted is not None

    async def _new_conversation(
        self, session: AsyncSession, contact: Contact, msg: InboundMessage
    ) -> Conversation:
        lang = msg.lang_hint if msg.lang_hint in ("id", "en") else "id"
        conversation = Conversation(contact_id=contact.id, language=lang, mode=ConversationMode.BOT)
        session.add(conversation)
        await session.flush()
        return conversation


async def _stored(
    session: AsyncSession,
    result: EngineResult,
    stored: list[Message],
    conversation: Conversation,
    contact: Contact,
) -> EngineResult:
    """Flush the turn's rows for their ids: the pull channels' cursor, and the push replies the
    outbox is handed after the commit."""
    await session.flush()
    result.last_message_id = max(m.id for m in stored)
    result.outbound = [
        OutboxRow.of(m, conversation, contact)
        for m in stored
        if m.direction is Direction.OUT and m.delivery_status is DeliveryStatus.PENDING
    ]
    return result


def _where_now(text: str, known: str | None) -> str | None:
    """Where the person is, from this message ("sy di taiwan") or what they told us before."""
    seen = detect_location(text) if text else None
    return seen.key if seen is not None and seen.here else known


def _triage(msg: InboundMessage, nlu: NluResult | None, text: str, location: str | None) -> Triage:
    """Why this turn is urgent, for the staff queue."""
    if nlu is not None and nlu.urgency is Urgency.URGENT:
        return Triage(
            reasons=nlu.urgent_reasons, preview=preview_of(text), country=location, risk=nlu.risk
        )
    pressed = msg.kind is InboundKind.BUTTON and msg.button_id == EMERGENCY_BUTTON_ID
    return Triage(
        reasons=("button",) if pressed else ("typed:emergency",),
        preview=preview_of(text) if text else "",
        country=location,
        risk=BUTTON_RISK,
        trigger="button" if pressed else "message",
    )


def _urgency(msg: InboundMessage, nlu: NluResult | None) -> Urgency:
    if msg.kind is InboundKind.BUTTON and msg.button_id == EMERGENCY_BUTTON_ID:
        return Urgency.URGENT
    return nlu.urgency if nlu is not None else Urgency.NONE


def _describe(msg: InboundMessage) -> str:
    """Transcript text for a non-text message (button press, command, media)."""
    if msg.kind is InboundKind.BUTTON:
        return f"[button: {msg.button_id}]"
    if msg.kind is InboundKind.COMMAND:
        return f"/{msg.command} {msg.command_args}".strip()
    return f"[{msg.kind}]"
