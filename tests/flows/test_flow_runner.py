"""The interpreter through FlowRunner.run/start: consent, commands, safety, misunderstandings."""

from __future__ import annotations

from flow_chat import FlowChat, nlu

from bot.messages import EMERGENCY_BUTTON_ID
from flows.contract import Turn
from flows.model import load_contacts
from nlu.types import MIN_CONFIDENCE, NluResult, Urgency

CONTACTS = load_contacts()


async def test_first_contact_gets_privacy_notice_consent_and_language_choice(chat: FlowChat) -> None:
    result = await chat.text("halo", "greet")
    assert "90 hari" in chat.said and "/hapus" in chat.said  # what is kept, how long, how to delete
    assert chat.button_ids == [
        "welcome.privacy.agree",
        "welcome.privacy.english",
        "welcome.privacy.decline",
        EMERGENCY_BUTTON_ID,
    ]
    assert result.state.language == "id" and not result.consent_given

    result = await chat.press("welcome.privacy.agree")
    assert result.consent_given
    # The greeting that was waiting for consent is answered, then the menu follows.
    assert "Halo! Tanyakan" in chat.said
    assert "menu.main.agency" in chat.button_ids and EMERGENCY_BUTTON_ID in chat.button_ids


async def test_language_choice_on_the_privacy_notice(chat: FlowChat) -> None:
    await chat.text("halo", "greet")
    await chat.press("welcome.privacy.english")
    assert chat.state.language == "en"
    assert "Privacy: we keep your messages" in chat.said
    assert "welcome.privacy.indonesian" in chat.button_ids


async def test_first_message_in_english_is_answered_in_english(chat: FlowChat) -> None:
    await chat.text("hello", "greet", lang="en")
    assert chat.state.language == "en" and "Do you agree?" in chat.said


async def test_question_asked_before_consent_is_answered_after_it(chat: FlowChat) -> None:
    await chat.text("apakah PT Contoh Demo Sejahtera resmi?", "agency_check")
    assert chat.state.flow == "welcome"
    result = await chat.press("welcome.privacy.agree")
    # Only the demonstration list is loaded: the name is carried over, and nothing is claimed about it.
    assert "PT Contoh Demo Sejahtera" in chat.said and "BERIZIN" not in chat.said and "SISKOP2MI" in chat.said
    assert result.outcome == "agency:unavailable" and result.theme == "agency_check"


async def test_declining_consent_still_gives_safety_numbers_and_deletion(chat: FlowChat) -> None:
    await chat.text("halo", "greet")
    await chat.press("welcome.privacy.decline")
    for key in ("kp2mi_crisis_abroad", "kemlu", "police"):  # numbers that work from where they are
        assert CONTACTS[key].value in chat.said, key
    assert "/hapus" in chat.said
    assert "welcome.declined.delete" in chat.button_ids
    await chat.text("berapa biayanya", "fees")  # no answers without consent: the notice again
    assert chat.state.flow == "welcome" and "Apakah Anda setuju?" in chat.said


async def test_emergency_gives_every_help_number_and_an_urgent_handoff(chat: FlowChat) -> None:
    result = await chat.start("emergency", Turn("webchat", text="tolong saya disekap"))
    for key in ("police", "emergency", "sapa", "kp2mi_crisis", "kp2mi_crisis_abroad", "kemlu"):
        assert CONTACTS[key].value in chat.said, key
    assert "Safe Travel" in chat.said
    assert result.handoff is not None and result.handoff.urgent and result.handoff.reason == "emergency"
    assert result.theme == "emergency"


async def test_emergency_runs_even_before_consent_and_from_the_button(chat: FlowChat) -> None:
    result = await chat.press(EMERGENCY_BUTTON_ID)
    assert result.handoff is not None and result.handoff.urgent
    assert CONTACTS["kemlu"].value in chat.said


async def test_danger_check_yes_goes_to_emergency(chat: FlowChat) -> None:
    await chat.consent()
    turn = Turn(
        "webchat",
        text="majikan marah terus",
        nlu=NluResult("x", "rights_abroad", 0.6, Urgency.POSSIBLE, "id"),
    )
    await chat.start("danger_check", turn)
    assert chat.said == "Apakah Anda dalam bahaya sekarang?"
    assert chat.button_ids == ["danger_check.ask.yes", "danger_check.ask.no", EMERGENCY_BUTTON_ID]
    result = await chat.press("danger_check.ask.yes")
    assert result.handoff is not None and result.handoff.urgent and result.theme == "emergency"


async def test_crying_emoji_alone_get_a_gentle_question_and_a_person(chat: FlowChat) -> None:
    await chat.consent()
    nlu = NluResult("😭😭😭", "out_of_scope", 0.2, Urgency.POSSIBLE, "id", urgent_reasons=("emoji:distress",))
    await chat.start("danger_check", Turn("webchat", text="😭😭😭", nlu=nlu))
    assert "aman sekarang" in chat.said and "bicara dengan orang" in chat.said
    assert chat.button_ids == ["danger_check.gentle.talk", "danger_check.gentle.safe", EMERGENCY_BUTTON_ID]
    result = await chat.press("danger_check.gentle.talk")
    assert result.handoff is not None and not result.handoff.urgent  # a person, at normal priority


async def test_danger_check_no_continues_with_the_question(chat: FlowChat) -> None:
    await chat.consent()
    turn = Turn("webchat", text="x", nlu=NluResult("x", "rights_abroad", 0.7, Urgency.POSSIBLE, "id"))
    await chat.start("danger_check", turn)
    result = await chat.raw_text("tidak")  # typed instead of tapped
    assert result.handoff is None
    assert "TIDAK BOLEH" in chat.said and result.theme == "rights_abroad"


async def test_human_agent_hands_off_at_normal_priority_without_inventing_a_wait(chat: FlowChat) -> None:
    await chat.consent()
    result = await chat.text("mau bicara dengan orang", "human_agent")
    assert result.handoff is not None and not result.handoff.urgent and result.handoff.reason == "human_agent"
    assert "menit" not in chat.said and "minute" not in chat.said
    assert result.theme == "human_agent"


async def test_two_misunderstood_messages_offer_menu_and_a_person(chat: FlowChat) -> None:
    await chat.consent()
    ranking = (("fees", 0.3), ("visa", 0.25), ("out_of_scope", 0.2))
    result = await chat.text("asdf qwer", "fees", confidence=0.3, ranking=ranking)
    assert "Maaf, saya belum paham" in chat.said and result.theme == "out_of_scope"
    assert chat.button_ids[:2] == ["fees", "visa"]  # "did you mean" from the NLU's ranking
    assert chat.state.misunderstood_in_a_row == 1
    await chat.text("zzz", "out_of_scope", confidence=0.8)
    assert "masih belum paham" in chat.said
    assert "clarify.twice.menu" in chat.button_ids and "clarify.twice.person" in chat.button_ids
    await chat.press("fees")
    assert chat.state.misunderstood_in_a_row == 0 and "pasal 30" in chat.said


async def test_out_of_scope_gets_a_kind_redirect(chat: FlowChat) -> None:
    await chat.consent()
    result = await chat.text("resep nasi goreng", "out_of_scope", confidence=0.9)
    assert "Maaf, saya hanya bisa membantu" in chat.said and result.theme == "out_of_scope"
    assert "out_of_scope.redirect.menu" in chat.button_ids


async def test_hapus_asks_for_confirmation_then_requests_erasure(chat: FlowChat) -> None:
    await chat.consent()
    result = await chat.command("hapus")
    assert not result.erase_confirmed and "delete_data.confirm.confirm" in chat.button_ids
    result = await chat.press("delete_data.confirm.keep")
    assert not result.erase_confirmed and "tidak ada yang dihapus" in chat.said
    await chat.command("hapus")
    result = await chat.press("delete_data.confirm.confirm")
    assert result.erase_confirmed


async def test_lang_command_switches_and_is_remembered(chat: FlowChat) -> None:
    await chat.consent()
    await chat.command("lang")
    assert chat.state.language == "en" and "What would you like to do?" in chat.said
    await chat.press("menu.main.before")
    assert "Before you go" in chat.said
    await chat.command("lang", "id")
    assert chat.state.language == "id" and "Apa yang ingin Anda lakukan?" in chat.said


async def test_start_deep_link_opens_that_flow_after_consent(chat: FlowChat) -> None:
    await chat.command("start", "warning_signs")
    result = await chat.press("welcome.privacy.agree")
    assert "12 pertanyaan singkat" in chat.said and result.theme == "warning_signs"
    await chat.command("start")
    assert "Selamat datang kembali" in chat.said
    await chat.command("start", "fees")
    assert "pasal 30" in chat.said and chat.last is not None and chat.last.theme == "fees"


async def test_a_stale_or_unknown_button_falls_back_to_the_menu(chat: FlowChat) -> None:
    await chat.consent()
    await chat.press("no_such_flow.step.choice")
    assert "Apa yang ingin Anda lakukan?" in chat.said
    await chat.press("fees.rules.asked")  # a button from an old message still works
    assert "kuitansi" in chat.said


async def test_every_intent_has_an_answer_with_its_theme(chat: FlowChat) -> None:
    from flows.routing import INTENT_FLOWS
    from nlu.types import INTENTS

    assert set(INTENT_FLOWS) == set(INTENTS)
    await chat.consent()
    for intent in INTENTS:
        result = await chat.text(f"pertanyaan {intent}", intent)
        assert result.replies and all(r.text.strip() for r in result.replies), intent
        assert result.theme == intent, (intent, result.theme)
        chat.state.flow = chat.state.step = None  # a handoff would pause the bot; start fresh
    assert nlu("x", "fees").intent == "fees"


async def test_typing_menu_leaves_a_step_that_waits_for_text(chat: FlowChat) -> None:
    await chat.consent()
    await chat.press("agency_check")
    assert chat.state.step == "ask_name"
    await chat.raw_text("Menu")
    assert "Apa yang ingin Anda lakukan?" in chat.said and chat.state.flow == "menu"


async def test_gibberish_before_consent_is_not_replayed_after_it(chat: FlowChat) -> None:
    await chat.text("asdf", "out_of_scope", confidence=0.2)
    assert chat.state.flow == "welcome"
    await chat.press("welcome.privacy.agree")
    assert "belum paham" not in chat.said and "Apa yang ingin Anda lakukan?" in chat.said


async def test_the_cut_off_is_the_one_tuned_constant_and_urgent_ignores_it(chat: FlowChat) -> None:
    assert chat.runner.min_confidence == MIN_CONFIDENCE
    await chat.consent()
    await chat.text("biaya berapa", "fees", confidence=MIN_CONFIDENCE)
    assert "pasal 30" in chat.said and chat.state.misunderstood_in_a_row == 0
    await chat.text("biaya berapa ya", "fees", confidence=MIN_CONFIDENCE - 0.01)
    assert "Maaf, saya belum paham" in chat.said and chat.state.misunderstood_in_a_row == 1
    # The safety flow does not look at the confidence at all.
    urgent = NluResult("tolong", "emergency", 0.05, Urgency.URGENT, "id")
    result = await chat.start("emergency", Turn("webchat", text="tolong", nlu=urgent))
    assert result.handoff is not None and result.handoff.urgent
