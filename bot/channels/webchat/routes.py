"""The web chat: a page at /chat and its JSON API. Only translates to and from the neutral types."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field, field_validator, model_validator
from sqlalchemy import select

from bot.engine import MAX_STORED_CHARS
from bot.http_errors import ApiError, CursorQuery, read_json_model
from bot.messages import Channel, InboundKind, InboundMessage, OutboundMessage, parse_command
from bot.services import Services
from bot.storage.models import Contact, Conversation, Direction, Message, Sender

STATIC = Path(__file__).parent / "static"
USER_ID = re.compile(r"^[A-Za-z0-9_-]{8,128}$")

# Room for the longest accepted text even when every character takes four bytes of UTF-8.
CHAT_POST_MAX_BYTES = 4 * MAX_STORED_CHARS + 4096

router = APIRouter(tags=["webchat"])


class ChatPost(BaseModel):
    user: str = Field(description="A random id the browser keeps (8-128 of A-Z a-z 0-9 _ -).")
    # A pasted advert or contract may be long: accepted whole and scanned for danger (bot/engine.py).
    text: str | None = Field(None, max_length=MAX_STORED_CHARS)
    button: str | None = Field(None, max_length=64)
    id: str | None = Field(None, max_length=128, description="Client message id; a repeat is answered once.")

    @field_validator("user")
    @classmethod
    def _user(cls, value: str) -> str:
        if not USER_ID.match(value):
            raise ValueError("must be 8-128 characters of letters, digits, _ or -")
        return value

    @model_validator(mode="after")
    def _one_of(self) -> ChatPost:
        if (self.text is None) == (self.button is None):
            raise ValueError("send exactly one of text or button")
        if self.text is not None and not self.text.strip():
            raise ValueError("text is empty")
        return self


def reply_json(reply: OutboundMessage) -> dict[str, object]:
    return {"text": reply.text, "buttons": [{"id": b.id, "title": b.title} for b in reply.buttons]}


def to_inbound(post: ChatPost, address: str | None = None) -> InboundMessage:
    """``address``: the client's, for the abuse limits (handoff/flood.py)."""
    message_id = post.id or uuid.uuid4().hex
    if post.button is not None:
        return InboundMessage(
            Channel.WEBCHAT,
            post.user,
            message_id,
            InboundKind.BUTTON,
            button_id=post.button,
            client_address=address,
        )
    command = parse_command(post.text or "")
    if command:
        name, args = command
        return InboundMessage(
            Channel.WEBCHAT,
            post.user,
            message_id,
            InboundKind.COMMAND,
            text=post.text or "",
            command=name,
            command_args=args,
            client_address=address,
        )
    return InboundMessage(
        Channel.WEBCHAT, post.user, message_id, InboundKind.TEXT, text=post.text or "", client_address=address
    )


@router.get("/chat", include_in_schema=False)
async def chat_page() -> FileResponse:
    return FileResponse(STATIC / "chat.html", media_type="text/html")


STATIC_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}\Z")


@router.get("/chat/static/{name}", include_in_schema=False)
async def chat_static(name: str) -> FileResponse:
    # A plain file name only: a NUL byte, a separator or a dot-file is a 404, never an OS error (500).
    if not STATIC_NAME.match(name):
        raise ApiError(404, "not found")
    path = (STATIC / name).resolve()
    if path.parent != STATIC.resolve() or not path.is_file():
        raise ApiError(404, "not found")
    return FileResponse(path)


@router.post("/chat/messages")
async def post_message(request: Request) -> dict[str, object]:
    """Send a text or a button press; answers with the bot's immediate replies."""
    services: Services = request.app.state.services
    post = await read_json_model(request, ChatPost, max_bytes=CHAT_POST_MAX_BYTES)
    address = request.client.host if request.client else None  # uvicorn's proxy-header handling decided it
    result = await services.engine.handle(to_inbound(post, address))
    return {
        "replies": [reply_json(r) for r in result.replies],
        "cursor": result.last_message_id or 0,
        "duplicate": result.duplicate,
    }


@router.get("/chat/messages")
async def get_messages(
    request: Request,
    user: Annotated[str, Query(min_length=8, max_length=128, pattern=USER_ID.pattern)],
    after: CursorQuery = 0,
) -> dict[str, object]:
    """Messages sent to this user after the cursor: staff replies and system notices."""
    services: Services = request.app.state.services
    async with services.sessions() as session:
        rows = (
            await session.scalars(
                select(Message)
                .join(Conversation, Message.conversation_id == Conversation.id)
                .join(Contact, Conversation.contact_id == Contact.id)
                .where(
                    Contact.channel == Channel.WEBCHAT,
                    Contact.channel_user_id == user,
                    Message.direction == Direction.OUT,
                    Message.id > after,
                )
                .order_by(Message.id)
                .limit(100)
            )
        ).all()
    messages = [
        {
            "id": m.id,
            "from": "staff" if m.sender is Sender.STAFF else "bot",
            "text": services.cipher.decrypt(m.text_encrypted),
            "buttons": m.buttons,
        }
        for m in rows
    ]
    return {"messages": messages, "cursor": rows[-1].id if rows else after}
