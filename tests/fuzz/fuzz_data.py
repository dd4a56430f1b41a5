"""Hypothesis strategies: arbitrary JSON, and valid recorded-shape payloads with random mutations."""

from __future__ import annotations

import copy
import json
import time
from typing import Any

from hypothesis import strategies as st

PHONE_NUMBER_ID = "106540352242922"

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=25,
)


def whatsapp_text(body: str = "tlg sy mau ke taiwan", wamid: str = "wamid.FUZZ1") -> dict[str, Any]:
    message = {
        "from": "6281234567890",
        "id": wamid,
        "timestamp": str(int(time.time())),
        "type": "text",
        "text": {"body": body},
    }
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "6281100000000", "phone_number_id": PHONE_NUMBER_ID},
        "contacts": [{"profile": {"name": "Dewi"}, "wa_id": "6281234567890"}],
        "messages": [message],
    }
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": value}]}],
    }


def whatsapp_button(button_id: str = "menu.documents") -> dict[str, Any]:
    payload = whatsapp_text(wamid="wamid.FUZZB")
    message = payload["entry"][0]["changes"][0]["value"]["messages"][0]
    message.pop("text")
    message.update(
        type="interactive",
        interactive={"type": "button_reply", "button_reply": {"id": button_id, "title": "Dokumen"}},
    )
    return payload


def whatsapp_status() -> dict[str, Any]:
    payload = whatsapp_text()
    value = payload["entry"][0]["changes"][0]["value"]
    value.pop("messages")
    value["statuses"] = [
        {
            "id": "wamid.SENT000001",
            "status": "failed",
            "timestamp": str(int(time.time())),
            "recipient_id": "6281234567890",
            "errors": [{"code": 131047, "title": "Re-engage"}],
        }
    ]
    return payload


def telegram_text(text: str = "sy mau kerja di malaysia", update_id: int = 900001) -> dict[str, Any]:
    person = {"id": 555001, "is_bot": False, "first_name": "Siti", "language_code": "id"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": 11,
            "from": person,
            "chat": {"id": 555001, "first_name": "Siti", "type": "private"},
            "date": int(time.time()),
            "text": text,
        },
    }


def telegram_callback(data: str = "menu.documents") -> dict[str, Any]:
    person = {"id": 555001, "is_bot": False, "first_name": "Siti", "language_code": "id"}
    message = telegram_text()["message"] | {"from": {"id": 123456, "is_bot": True, "first_name": "Helpline"}}
    return {
        "update_id": 900002,
        "callback_query": {
            "id": "4382bfdwdsb323b2d9",
            "from": person,
            "chat_instance": "-1",
            "data": data,
            "message": message,
        },
    }


def telegram_member(status: str = "kicked") -> dict[str, Any]:
    person = {"id": 555001, "is_bot": False, "first_name": "Siti"}
    bot = {"id": 123456, "is_bot": True, "first_name": "Helpline", "username": "helpline_test_bot"}
    return {
        "update_id": 900003,
        "my_chat_member": {
            "chat": {"id": 555001, "type": "private", "first_name": "Siti"},
            "from": person,
            "date": int(time.time()),
            "old_chat_member": {"user": bot, "status": "member"},
            "new_chat_member": {"user": bot, "status": status, "until_date": 0},
        },
    }


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


@st.composite
def mutated(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any] | Any:
    """``base`` with 1-3 random edits: a value replaced, a key removed, or a key added."""
    data: Any = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)
        path = draw(st.sampled_from(paths))
        if not path:
            data = draw(json_values) if draw(st.integers(0, 9)) == 0 else data
            continue
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "remove", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(json_values)
        elif action == "remove" and isinstance(parent, dict):
            parent.pop(path[-1])
        elif action == "add" and isinstance(parent[path[-1]], dict):
            parent[path[-1]][draw(st.text(max_size=8))] = draw(json_values)
    return data


def encode(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")
