"""Triage through the whole engine (issue 13 part 3): never silent while waiting, silent while staff
hold the chat except for safety, the person's word that it is not urgent, and why a ticket is urgent.
On SQLite and PostgreSQL, with the real NLU and flows."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.evaluation.harness import Helpline, Person, private_helpline
from bot.evaluation.triage import TriageExample, evaluate_triage, triage_table
from bot.storage.models import Contact, Conversation, Ticket
from handoff.triage import Triage


@pytest.fixture
async def helpline(nlu_model_dir: Path, database_url: str) -> AsyncIterator[Helpline]:
    async with private_helpline(nlu_model_dir, database_url=database_url) as running:
        yield running


def said(result) -> str:
    return "\n".join(r.text for r in result.replies)


async def consented(helpline: Helpline) -> Person:
    person = helpline.person()
    await person.says("/start")
    await person.presses("welcome.privacy.agree")
    return person


async def ticket_row(helpline: Helpline, person: Person) -> Ticket:
    async with helpline.services.sessions() as session:
        ticket = await session.scalar(
            select(Ticket)
            .join(Conversation)
            .join(Contact)
            .where(Contact.channel_user_id == person.user_id)
            .order_by(Ticket.id.desc())
        )
    assert ticket is not None
    return ticket


async def test_the_emergency_button_opens_an_urgent_ticket_that_says_why(helpline: Helpline) -> None:
    person = await consented(helpline)
    result = await person.presses("emergency")
    assert result.replies
    ticket = await person.open_ticket()
    assert ticket is not None and ticket.urgent and ticket.reasons_sealed
    triage = Triage.unseal(helpline.services.cipher, (await ticket_row(helpline, person)).triage_encrypted)
    assert triage.reasons == ("button",) and triage.trigger == "button"


async def test_danger_in_words_keeps_the_words_for_staff_encrypted(helpline: Helpline) -> None:
    person = await consented(helpline)
    await person.says("tolong saya disekap majikan di riyadh, paspor diambil")
    row = await ticket_row(helpline, person)
    assert b"disekap" not in row.triage_encrypted  # encrypted at rest like the transcript
    triage = Triage.unseal(helpline.services.cipher, row.triage_encrypted, row.risk)
    assert triage.preview.startswith("tolong saya disekap")
    assert any(r.startswith("lexicon:") for r in triage.reasons)


async def test_while_waiting_commands_and_the_card_are_served_and_notices_are_rationed(helpline: Helpline) -> None:
    person = await consented(helpline)
    await person.presses("emergency")  # the card and the "staff will read this" notice
    helpline.advance(1)
    assert (await person.says("halo kak?")).replies == []  # a notice went out a minute ago
    erase = await person.says("/hapus")
    assert erase.replies and erase.replies[0].buttons  # "delete everything?" with its two answers
    menu = await person.says("menu")
    assert menu.replies and menu.replies[-1].buttons  # the menu, with its buttons
    card = await person.says("darurat")
    assert card.replies and (await person.open_ticket()).urgent
    helpline.advance(6)
    notice = await person.says("kapan dibalas?")
    assert notice.replies, "after a few minutes the person is told again when staff will read it"
    assert (await person.says("halo")).replies == []


async def test_while_staff_hold_the_chat_only_safety_commands_are_answered(helpline: Helpline) -> None:
    person = await consented(helpline)
    await person.presses("emergency")
    await person.staff_claims()
    assert (await person.says("halo kak, saya takut")).replies == []
    assert (await person.says("menu")).replies == []
    assert (await person.says("bukan darurat")).replies == []
    erase = await person.says("/hapus")
    assert erase.replies and erase.replies[0].buttons  # the confirmation question
    assert (await person.presses("emergency")).replies  # the card, even now
    ticket = await person.open_ticket()
    assert ticket is not None and ticket.held


async def test_saying_it_is_not_urgent_gives_the_bot_back_and_keeps_the_ticket(helpline: Helpline) -> None:
    person = await consented(helpline)
    await person.presses("emergency")
    helpline.advance(1)
    back = await person.says("maaf salah pencet, sy gk darurat kok cuma mau tanya biaya ke taiwan")
    assert len(back.replies) >= 2  # "thank you for telling us" and the answer (or the menu)
    ticket = await person.open_ticket()
    assert ticket is not None and ticket.urgent and ticket.user_says_not_urgent and not ticket.held
    helpline.advance(0.5)
    answer = await person.says("dokumen apa saja yang perlu disiapkan?")
    assert answer.replies, "the bot answers questions again"
    await person.staff_claims()  # and staff still see the chat
    assert (await person.open_ticket()).held


async def test_an_ordinary_message_while_waiting_on_a_normal_ticket_becomes_urgent_on_danger(
    helpline: Helpline,
) -> None:
    person = await consented(helpline)
    await person.says("saya mau bicara dengan petugas")
    ticket = await person.open_ticket()
    assert ticket is not None and not ticket.urgent
    result = await person.says("tolong sy dipukul majikan sekarang")
    assert result.replies, "the card at once"
    assert (await person.open_ticket()).urgent


async def test_where_the_person_is_is_remembered_encrypted(helpline: Helpline) -> None:
    person = await consented(helpline)
    await person.says("sy di taiwan skrg")
    async with helpline.services.sessions() as session:
        conversation = await session.scalar(
            select(Conversation).join(Contact).where(Contact.channel_user_id == person.user_id)
        )
    assert conversation is not None and conversation.location_encrypted is not None
    assert b"TW" not in conversation.location_encrypted
    assert helpline.services.cipher.decrypt(conversation.location_encrypted).startswith("TW")


async def test_the_triage_evaluation_counts_what_the_engine_did(helpline: Helpline) -> None:
    examples = [
        TriageExample("tolong saya disekap majikan, tidak bisa keluar", "id", True, "confinement"),
        TriageExample("saya setuju", "id", False, "short"),
        TriageExample("dokumen apa saja yang perlu disiapkan?", "id", False, "question"),
    ]
    scores = await evaluate_triage(helpline, examples)
    assert [s.context for s in scores] == ["first message", "after consent"]
    for score in scores:
        assert (score.urgent_total, score.urgent_caught) == (1, 1)
        assert (score.ordinary_total, score.ordinary_urgent, score.short_total) == (2, 0, 2)
        assert score.silent == 0 and not score.missed and not score.false_alarms
    assert "| first message | 1.000 (1/1) | 0.0000 (0/2) |" in triage_table(scores)


def test_nlu_evaluate_also_measures_through_the_engine() -> None:
    import bot.cli  # noqa: F401  (registers the engine's figures with `helpline nlu evaluate`)
    from bot.evaluation.cli import engine_triage_figures
    from nlu.cli import THROUGH_ENGINE

    assert engine_triage_figures in THROUGH_ENGINE
