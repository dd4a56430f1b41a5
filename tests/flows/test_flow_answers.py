"""Every path of the job-offer and document checks, the agency answers, and a walk over every button."""

from __future__ import annotations

from pathlib import Path

import pytest
from flow_chat import FlowChat

from bot.messages import EMERGENCY_BUTTON_ID
from flows.actions.agency_import import import_agencies
from flows.runtime import FlowEngine

JOB_QUESTIONS = [
    "q_visa",
    "q_fee",
    "q_secret",
    "q_salary",
    "q_contract",
    "q_scam_country",
    "q_sponsor",
    "q_route",
    "q_age",
    "q_documents_kept",
    "q_online",
    "q_middle_east",
]
SAFE_ANSWER = {q: "no" for q in JOB_QUESTIONS} | {"q_contract": "yes"}


async def answer_job_questions(chat: FlowChat, flagged: dict[str, str]) -> None:
    await chat.press("job_offer.mode.questions")
    for question in JOB_QUESTIONS:
        assert f"job_offer.{question}.yes" in chat.button_ids, question
        await chat.press(f"job_offer.{question}.{flagged.get(question, SAFE_ANSWER[question])}")


@pytest.mark.parametrize(
    ("flagged", "risk", "expected"),
    [
        ({}, "low", "Tidak ada tanda bahaya"),
        ({"q_visa": "yes"}, "high", "Visa turis, kunjungan, atau umrah"),
        ({"q_scam_country": "yes"}, "high", "Kamboja, Myanmar"),
        ({"q_middle_east": "yes"}, "high", "Kepmenaker 260/2015"),
        ({"q_route": "yes"}, "high", "Jalur tidak resmi"),
        ({"q_age": "yes"}, "high", "18 tahun"),
        ({"q_secret": "yes"}, "high", "Dirahasiakan"),
        ({"q_fee": "yes"}, "medium", "pasal 30"),
        ({"q_contract": "no"}, "medium", "Tidak ada kontrak tertulis"),
        ({"q_salary": "yes"}, "medium", "Terlalu bagus"),
        ({"q_sponsor": "yes"}, "medium", "Sponsor perorangan"),
        ({"q_documents_kept": "yes"}, "medium", "jeratan utang"),
        ({"q_online": "yes"}, "medium", "IOM"),
        ({"q_fee": "yes", "q_salary": "yes"}, "high", "Terlalu bagus"),
    ],
)
async def test_job_offer_questions_give_a_risk_level(
    chat: FlowChat, flagged: dict[str, str], risk: str, expected: str
) -> None:
    await chat.consent()
    await chat.text("ada tawaran kerja, aman?", "warning_signs")
    await answer_job_questions(chat, flagged)
    assert chat.last is not None and chat.last.outcome == f"risk:{risk}"
    assert expected in chat.said
    assert chat.last.theme == "warning_signs"


async def test_typed_yes_no_answers_work(chat: FlowChat) -> None:
    await chat.consent()
    await chat.press("job_offer")
    await chat.press("job_offer.mode.questions")
    await chat.raw_text("iya")
    assert chat.state.step == "q_fee"
    await chat.raw_text("gak")
    assert chat.state.step == "q_secret"
    assert chat.state.slots["data"]["collected"] == ["q_visa"]


# The pasted-advert path is tested with the scanner in test_scan.py.


async def test_documents_all_present(chat: FlowChat) -> None:
    await chat.consent()
    await chat.text("dokumen apa saja", "documents")
    await chat.press("documents.destination.taiwan")
    await chat.press("documents.job.domestic")
    assert "Taiwan" in chat.said and "pasal 13" in chat.said and "Peraturan BP2MI 9/2020" in chat.said
    while chat.state.step and chat.state.step.startswith("q_"):
        await chat.press(f"documents.{chat.state.step}.yes")
    assert chat.last is not None and chat.last.outcome == "documents:complete"
    assert "Semua dokumen" in chat.said


async def test_documents_missing_ones_are_listed_with_where_to_get_them(chat: FlowChat) -> None:
    await chat.consent()
    await chat.press("documents")
    await chat.press("documents.destination.malaysia")
    await chat.press("documents.job.other")
    assert "pasal 30" in chat.said  # not a free-placement job: the general fee rule
    missing = {"q_passport", "q_work_visa"}
    while chat.state.step and chat.state.step.startswith("q_"):
        step = chat.state.step
        await chat.press(f"documents.{step}.{'no' if step in missing else 'yes'}")
    assert chat.last is not None and chat.last.outcome == "documents:missing"
    assert "(2)" in chat.said and "Paspor: wajib" in chat.said and "Visa kerja: wajib" in chat.said
    assert "LTSA" in chat.said


@pytest.mark.parametrize(
    ("destination", "job", "note"),
    [
        ("saudi", "domestic", "Kepmenaker 260/2015"),
        ("japan", "other", "G-to-G"),
        ("korea", "plantation", "G-to-G"),
        ("other", "fishing", "Kamboja dan Myanmar bukan negara tujuan resmi"),
        ("hong_kong", "fishing", "penempatannya gratis"),
    ],
)
async def test_documents_advice_depends_on_destination_and_job(
    chat: FlowChat, destination: str, job: str, note: str
) -> None:
    await chat.consent()
    await chat.press("documents")
    await chat.press(f"documents.destination.{destination}")
    await chat.press(f"documents.job.{job}")
    assert note in chat.said


IMPORTED = """name,status,licence_number
PT Contoh Demo Sejahtera,licensed,KEP-101
PT Fiktif Demo Makmur,suspended,KEP-102
PT Contoh Fiktif Abadi,revoked,KEP-103
"""


@pytest.mark.parametrize(
    ("typed", "status", "word"),
    [
        ("PT. Contoh Demo Sejahtera", "licensed", "BERIZIN"),
        ("contoh demo sejahtra", "similar", "Apakah maksud Anda"),  # a typo is never "licensed"
        ("PTFiktifDemoMakmur", "suspended", "DIBEKUKAN"),  # no spaces
        ("pt contoh fiktif abadi", "revoked", "DICABUT"),
        ("PT Sinar Harapan Palsu", "not_found", "tidak menemukan"),
    ],
)
async def test_agency_answers_always_say_how_to_verify(
    chat: FlowChat, agency_sessions: object, tmp_path: Path, typed: str, status: str, word: str
) -> None:
    (tmp_path / "official.csv").write_text(IMPORTED, encoding="utf-8")
    await import_agencies(agency_sessions, tmp_path / "official.csv")  # type: ignore[arg-type]
    await chat.consent()
    await chat.press("agency_check")
    result = await chat.raw_text(typed)
    assert result.outcome == f"agency:{status}" and word in chat.said
    assert (
        "SISKOP2MI" in chat.said and "Disnaker" in chat.said and "LTSA" in chat.said and "BP3MI" in chat.said
    )


async def test_a_pasted_advert_as_agency_name_is_echoed_short(chat: FlowChat) -> None:
    await chat.consent()
    await chat.press("agency_check")
    advert = "Dicari TKW ke Taiwan, gaji 20 juta, tanpa biaya, hubungi segera. " * 60  # ~3,900 characters
    result = await chat.raw_text(advert)
    assert result.outcome == "agency:unavailable"
    (reply,) = [r for r in result.replies if "belum bisa cek" in r.text]
    assert len(reply.text) < 1500 and "Dicari TKW" in reply.text


async def test_similar_names_are_suggestions_never_a_status(
    chat: FlowChat, agency_sessions: object, tmp_path: Path
) -> None:
    (tmp_path / "official.csv").write_text(IMPORTED, encoding="utf-8")
    await import_agencies(agency_sessions, tmp_path / "official.csv")  # type: ignore[arg-type]
    await chat.consent()
    await chat.press("agency_check")
    result = await chat.raw_text("PT Contoh Demo")
    assert result.outcome == "agency:similar" and "PT Contoh Demo Sejahtera" in chat.said
    assert "BERIZIN" not in chat.said and "SISKOP2MI" in chat.said
    await chat.raw_text("KEP-101")  # the licence number from the papers is an exact match
    assert chat.last is not None and chat.last.outcome == "agency:licensed"


@pytest.mark.parametrize("language", ["id", "en"])
async def test_every_button_leads_somewhere_useful(
    runner: FlowEngine, directory: object, language: str
) -> None:
    """A new user tapping every button reachable from the menu: each one answers, within the limits."""
    from flows.contract import FlowState, Turn

    start = FlowState(language=language, slots={"consent": True})
    first = await runner.run(Turn("webchat", command="menu"), start, directory)  # type: ignore[arg-type]
    queue = [(first.state, b.id) for r in first.replies for b in r.buttons]
    seen: set[str] = set()
    while queue:
        state, pressed = queue.pop()
        if pressed in seen:
            continue
        seen.add(pressed)
        result = await runner.run(Turn("webchat", button_id=pressed), state, directory)  # type: ignore[arg-type]
        assert result.replies, pressed
        assert all(r.text.strip() for r in result.replies), pressed
        if result.state.language == "en":
            assert "Anda" not in " ".join(r.text for r in result.replies), pressed
        if result.handoff is None:
            queue += [(result.state, b.id) for r in result.replies for b in r.buttons]
    assert EMERGENCY_BUTTON_ID in seen and "menu.main.agency" in seen
    assert len(seen) > 60
