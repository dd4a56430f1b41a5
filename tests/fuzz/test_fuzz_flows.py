"""The flow interpreter under random conversations: texts with any NLU verdict, presses of offered and
invented buttons, commands, and flows started by the engine. Never an exception; every reply fits the
platforms' limits (text length, button count, title length, Telegram's 64-byte callback data)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.channels.text_limits import utf16_length
from bot.messages import KNOWN_COMMANDS, OutboundMessage
from bot.storage.db import create_engine, session_factory
from bot.storage.migrate import upgrade_async
from flows import build_runner
from flows.actions.agency_lookup import SqlAgencyDirectory, seed_demo_agencies
from flows.contract import FlowState, Turn
from flows.render import limit_problems
from nlu.types import INTENTS, NluResult, Urgency

RUNNER = build_runner()
FLOW_NAMES = sorted(RUNNER.flows)
CHANNELS = ("telegram", "whatsapp", "webchat", "cli")
WORDS = [
    "PT Maju Jaya",
    "paspor",
    "gaji",
    "visa",
    "ya",
    "tidak",
    "1",
    "2",
    "99",
    "",
    " ",
    "/start",
    "🙂" * 30,
    "a" * 5000,
    "<script>x</script>",
    "{slot}",
    "%(name)s",
    "\u0000",
    "ﷺ",
    "Ш",
]


@pytest.fixture(scope="module")
def loop_and_agencies(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Any]]:
    loop = asyncio.new_event_loop()
    url = f"sqlite+aiosqlite:///{Path(tmp_path_factory.mktemp('flows')) / 'agencies.sqlite3'}"
    loop.run_until_complete(upgrade_async(url))
    engine = create_engine(url)
    sessions = session_factory(engine)
    loop.run_until_complete(seed_demo_agencies(sessions))
    yield loop, SqlAgencyDirectory(sessions)
    loop.run_until_complete(engine.dispose())
    loop.close()


text = st.one_of(st.sampled_from(WORDS), st.text(max_size=200))
nlu = st.builds(
    lambda t, intent, confidence, urgency, lang: NluResult(t, intent, confidence, urgency, lang),
    text,
    st.sampled_from(INTENTS),
    st.floats(0, 1),
    st.sampled_from(list(Urgency)),
    st.sampled_from(["id", "en", "su", "jv", "ms", "sas", "xx"]),
)
step = st.one_of(
    st.tuples(st.just("text"), nlu),
    st.tuples(st.just("raw_text"), text),
    st.tuples(st.just("offered"), st.integers(0, 20)),
    st.tuples(
        st.just("button"), st.one_of(st.text(max_size=70), st.sampled_from(["emergency", "menu", "x.y.z"]))
    ),
    st.tuples(st.just("command"), st.tuples(st.sampled_from(sorted(KNOWN_COMMANDS)), text)),
    st.tuples(st.just("start"), st.sampled_from(FLOW_NAMES)),
)


def limit_check(reply: OutboundMessage) -> list[str]:
    problems = limit_problems(reply)
    if utf16_length(reply.text) > 4096:
        problems.append(f"text is {utf16_length(reply.text)} UTF-16 units")
    problems += [f"button id {b.id!r} over 64 bytes" for b in reply.buttons if len(b.id.encode()) > 64]
    problems += [f"empty button title for {b.id!r}" for b in reply.buttons if not b.title.strip()]
    return problems


async def converse(agencies: Any, channel: str, steps: list[tuple[str, Any]], new: bool) -> None:
    state = FlowState(language="id", is_new=new)
    offered: list[str] = []
    for kind, value in steps:
        if kind == "text":
            turn = Turn(channel, text=value.text, nlu=value)
        elif kind == "raw_text":
            turn = Turn(channel, text=value)
        elif kind == "offered":
            turn = Turn(channel, button_id=offered[value % len(offered)] if offered else "menu")
        elif kind == "button":
            turn = Turn(channel, button_id=value)
        elif kind == "command":
            turn = Turn(channel, command=value[0], command_args=value[1])
        else:
            result = await RUNNER.start(value, Turn(channel, text=""), state, agencies)
            turn = None
        if turn is not None:
            result = await RUNNER.run(turn, state, agencies)
        for reply in result.replies:
            assert limit_check(reply) == [], (kind, value, reply.text[:100], limit_check(reply))
        assert result.state.flow is None or result.state.flow in RUNNER.flows, result.state.flow
        state = result.state
        state.is_new = False
        offered = [b.id for r in result.replies for b in r.buttons] or offered


@settings(settings.get_profile("fuzz"), max_examples=100)
@given(channel=st.sampled_from(CHANNELS), steps=st.lists(step, min_size=1, max_size=12), new=st.booleans())
def test_random_conversations_never_break_the_interpreter(
    loop_and_agencies: tuple[Any, Any], channel: str, steps: list[tuple[str, Any]], new: bool
) -> None:
    loop, agencies = loop_and_agencies
    loop.run_until_complete(converse(agencies, channel, steps, new))


def test_every_flow_starts_within_limits(loop_and_agencies: tuple[Any, Any]) -> None:
    loop, agencies = loop_and_agencies
    for name in FLOW_NAMES:
        result = loop.run_until_complete(RUNNER.start(name, Turn("telegram", text=""), FlowState(), agencies))
        assert all(limit_check(r) == [] for r in result.replies), name
    assert len(FLOW_NAMES) >= 10
