"""Telegram ``Update`` -> what the helpline should do with it. Pure translation, no I/O.

Each update becomes one of: a neutral :class:`InboundMessage` for the engine (private chats), a
request to send a group chat to a private chat, a block/unblock of the bot, or nothing. The
dedupe key is the ``update_id`` (unique per bot), so an edit or a button press is its own message.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import CallbackQuery, Chat, ChatMember, Update
from telegram import Message as TgMessage

from bot.messages import Channel, InboundKind, InboundMessage, parse_command
from locales import normalize_language


@dataclass(frozen=True, slots=True)
class ForEngine:
    message: InboundMessage
    callback_query_id: str | None = None  # a button press must be answered (answerCallbackQuery)


@dataclass(frozen=True, slots=True)
class GroupRedirect:
    """Someone wrote to (or added) the bot in a group: point them to a private chat, store nothing."""

    chat_id: int
    language: str


@dataclass(frozen=True, slots=True)
class BlockChange:
    chat_id: str
    blocked: bool


@dataclass(frozen=True, slots=True)
class Ignored:
    reason: str
    callback_query_id: str | None = None


TelegramEvent = ForEngine | GroupRedirect | BlockChange | Ignored


def classify(update: Update) -> TelegramEvent:
    language = _language(update)
    if update.callback_query is not None:
        return _button(update, update.callback_query, language)
    if update.my_chat_member is not None:
        member = update.my_chat_member
        status = member.new_chat_member.status
        if member.chat.type == Chat.PRIVATE:
            if status == ChatMember.BANNED:  # "kicked": the user blocked the bot
                return BlockChange(str(member.chat.id), blocked=True)
            if status == ChatMember.MEMBER:
                return BlockChange(str(member.chat.id), blocked=False)
            return Ignored("private chat member status " + status)
        if status in (ChatMember.MEMBER, ChatMember.ADMINISTRATOR):
            return GroupRedirect(member.chat.id, language)
        return Ignored("bot removed from a group")
    message = update.message or update.edited_message
    if message is None:
        return Ignored("update type not used by the helpline")
    if message.chat.type != Chat.PRIVATE:
        # Edits in groups are ignored so one conversation there gets one redirect, not two.
        if update.edited_message is not None:
            return Ignored("edit in a group")
        return GroupRedirect(message.chat.id, language)
    inbound = _from_message(update, message, language)
    return ForEngine(inbound) if inbound is not None else Ignored("service message")


def _from_message(update: Update, message: TgMessage, language: str) -> InboundMessage | None:
    base = {
        "channel": Channel.TELEGRAM,
        "channel_user_id": str(message.chat.id),
        "message_id": str(update.update_id),
        "lang_hint": language,
        "received_at": message.edit_date or message.date,
    }
    if message.text is not None:
        command = parse_command(message.text)
        if command is not None:
            name, args = command
            return InboundMessage(
                **base, kind=InboundKind.COMMAND, text=message.text, command=name, command_args=args
            )
        return InboundMessage(**base, kind=InboundKind.TEXT, text=message.text)
    if message.effective_attachment is not None or message.location is not None:
        # Photos, voice, stickers, documents, locations...: the flows read text only.
        return InboundMessage(**base, kind=InboundKind.MEDIA)
    return None  # pinned message, new chat title and other service messages


def _button(update: Update, query: CallbackQuery, language: str) -> TelegramEvent:
    chat = query.message.chat if query.message is not None else None
    if chat is not None and chat.type != Chat.PRIVATE:
        return Ignored("button pressed in a group", callback_query_id=query.id)
    if not query.data:
        return Ignored("button without data (game or inline mode)", callback_query_id=query.id)
    inbound = InboundMessage(
        channel=Channel.TELEGRAM,
        channel_user_id=str(chat.id if chat is not None else query.from_user.id),
        message_id=str(update.update_id),
        kind=InboundKind.BUTTON,
        button_id=query.data,
        lang_hint=language,
    )
    return ForEngine(inbound, callback_query_id=query.id)


def _language(update: Update) -> str:
    user = update.effective_user
    return normalize_language(user.language_code if user is not None else None)
