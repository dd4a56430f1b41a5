"""The advert scan (flows/scan.py): each flag on a realistic advert and not on a near miss, mitigations,
the figures on the labelled set, the `helpline scan` command, and the chat's advert check."""

from __future__ import annotations

import json

import pytest
from flow_chat import FlowChat
from typer.testing import CliRunner

from bot.cli import app
from flows.scan import amounts, default_signals, scan, signal_problems
from flows.scan_cli import evaluate

# flag -> (an advert that shows it, a near miss that must not)
FLAGS = {
    "upfront_fee": (
        "Kerja pabrik Malaysia, biaya pendaftaran 2 juta bayar dulu sebelum berangkat.",
        "Kerja pabrik Malaysia, biaya penempatan ditanggung pemberi kerja.",
    ),
    "personal_account": (
        "Transfer 3,5jt ke rekening BCA a.n. Dewi untuk proses visa.",
        "Gaji ditransfer ke rekening bank pekerja setiap bulan.",
    ),
    "salary_too_high": (
        "Dicari ART Hongkong gaji 30 juta per bulan.",
        "Dicari ART Hongkong gaji HK$ 4.990 per bulan.",
    ),
    "fast_departure": (
        "Lowongan Taiwan pabrik, berangkat 2 minggu lagi.",
        "Lowongan Taiwan pabrik, proses 3-5 bulan, libur tiap minggu.",
    ),
    "only_ktp": (
        "Kerja ke Malaysia cukup bawa KTP, sisanya kami urus.",
        "Bawa KTP, KK, akta lahir dan ijazah.",
    ),
    "no_requirements": (
        "Kerja di Jepang tanpa bahasa Jepang, langsung kerja.",
        "Kerja di Jepang, wajib lulus JLPT N4 dan tes keterampilan.",
    ),
    "no_training": ("PRT Singapura tanpa pelatihan.", "PRT Singapura, pelatihan di BLK-LN 2 bulan."),
    "wrong_visa": ("Berangkat ke Saudi pakai visa umroh dulu.", "Visa kerja resmi, bukan visa turis."),
    "passport_kept": ("Paspor disimpan perusahaan selama kontrak.", "Paspor dipegang sendiri oleh pekerja."),
    "risky_country": ("Kerja CS di Thailand, gaji 12 juta.", "Kerja CS di Taiwan, gaji NT$ 28.590."),
    "online_scam_job": ("Dicari admin online, gaji besar.", "Dicari admin gudang di pabrik."),
    "personal_contact_only": (
        "Lowongan luar negeri, minat hubungi WA 0812 3456 7890.",
        "PT Karya Jaya (SIP3MI 12/2020), info WA 0812 3456 7890.",
    ),
    "pressure": ("Kuota terbatas, buruan daftar!", "Pendaftaran dibuka sampai Maret."),
    "age_change": ("Umur kurang? Umur bisa diatur, tenang.", "Umur minimal 21 tahun."),
    "underage": ("Loker pabrik Korea usia 16-30 tahun.", "Loker pabrik Korea usia 18-39 tahun."),
    "salary_deduction": ("Tanpa biaya di depan, potongan gaji 6 bulan.", "Tidak ada potongan gaji."),
    "debt_from_wages": ("Biaya diganti, sisanya potong gaji.", "Gaji utuh, tidak ada potongan gaji."),
    "hostess_work": (
        "Dicari LC karaoke, wanita 18-25 th, berpenampilan menarik.",
        "Dicari teknisi sound system untuk karaoke keluarga, pria.",
    ),
    "individual_sponsor": (
        "Ikut saya saja, saya sponsor ke Malaysia.",
        "Jangan percaya calo, daftar di LTSA.",
    ),
    "banned_domestic": (
        "Dicari ART untuk keluarga di Yordania, gaji 6 juta",
        "Dicari ART untuk keluarga di Taiwan.",
    ),
    "spsk_claim": (
        "PRT Arab Saudi lewat SPSK, syarikah resmi.",
        "Perawat rumah sakit di Arab Saudi, S1 Keperawatan.",
    ),
    "irregular_route": ("Berangkat lewat jalur tikus, aman.", "Berangkat lewat bandara Soekarno-Hatta."),
    "secrecy": ("Rahasiakan dari keluarga ya.", "Diskusikan dengan keluarga dulu."),
    "body_photo": ("Kirim foto full badan ke WA.", "Kirim pas foto 4x6."),
}


@pytest.mark.parametrize("flag", sorted(FLAGS))
def test_each_flag_fires_on_an_example_and_not_on_a_near_miss(flag: str) -> None:
    hit, miss = FLAGS[flag]
    assert flag in [f.id for f in scan(hit).flags], hit
    assert flag not in [f.id for f in scan(miss).flags], miss


def test_every_flag_has_a_weight_and_an_explanation() -> None:
    assert signal_problems() == []
    assert set(FLAGS) | {"no_training"} >= set(default_signals().weights)


def test_the_examples_of_the_issue_are_caught() -> None:
    result = scan(
        "Loker Jepang! gaji 25 juta, berangkat 2 minggu lagi, cukup bawa KTP, hubungi admin di telegram"
    )
    assert result.risk == "high"
    assert {"fast_departure", "only_ktp", "personal_contact_only"} <= {f.id for f in result.flags}
    assert scan("Biaya proses Rp 3.500.000 transfer dulu ke rekening a.n. Budi").risk == "high"
    assert scan("Lowongan kerja di Thailand sebagai customer service, gaji 12 juta").risk == "high"


def test_johor_and_batam_alone_do_not_raise_the_risk() -> None:
    assert scan("PT resmi butuh operator pabrik di Johor Bahru, visa kerja, gratis biaya").risk == "none"
    assert scan("Lowongan operator produksi di Batam, gaji UMK Batam Rp 4.989.000").risk == "none"


def test_mitigations_lower_the_risk() -> None:
    advert = "Lowongan pabrik Taiwan, berangkat 2 minggu lagi, kuota terbatas."
    plain = scan(advert)
    licensed = scan(advert + " PT Karya Jaya, SIP3MI No. 12/2020, cek di SISKOP2MI.")
    assert plain.risk == "medium" and licensed.risk == "low"
    assert {m.id for m in licensed.mitigations} == {"licence_number", "official_channel"}
    # A copied licence number does not clear a severe sign.
    assert scan("SIP3MI No. 12/2020. Berangkat pakai visa turis.").risk == "medium"


def test_money_in_informal_spellings() -> None:
    rates = default_signals().rates
    got = [round(a.idr) for a in amounts("gaji 25jt, biaya Rp 3.500.000, dp 3,5 juta", rates)]
    assert got == [25_000_000, 3_500_000, 3_500_000]
    assert round(amounts("gaji NT$ 28.590", rates)[0].idr) == 28_590 * rates["TWD"]
    assert round(amounts("gaji RM1500", rates)[0].idr) == 1500 * rates["MYR"]
    assert [a.salary for a in amounts("gaji 7 juta, biaya 2 juta", rates)] == [True, False]


def test_the_labelled_adverts_meet_the_targets() -> None:
    figures = evaluate()
    assert figures.scams >= 30 and figures.legit >= 20 and figures.scams + figures.legit >= 60
    assert figures.recall >= 0.95, figures.missed
    assert figures.legit_high == 0, figures.missed


def test_cli_json_shape() -> None:
    text = "Kerja admin online di Kamboja, gaji besar, visa turis."
    result = CliRunner().invoke(app, ["scan", "-", "--json"], input=text)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out) == {"risk", "flags", "text"} and out["risk"] == "high" and out["text"] == text
    assert all(set(f) == {"id", "why"} and f["why"] for f in out["flags"])
    readable = CliRunner().invoke(app, ["scan", "-"], input=text)
    assert readable.exit_code == 0 and "Risk: high" in readable.stdout


@pytest.mark.parametrize("payload", [b"", b"   \n", b"\xff\xfe\xfa"])
def test_cli_rejects_empty_or_binary_input(payload: bytes) -> None:
    result = CliRunner().invoke(app, ["scan", "-", "--json"], input=payload)
    assert result.exit_code == 2
    assert "helpline scan:" in result.output and "Traceback" not in result.output


def test_cli_evaluate_prints_the_table() -> None:
    result = CliRunner().invoke(app, ["scan", "evaluate"])
    assert result.exit_code == 0, result.output
    assert "| scam |" in result.stdout and "Scams caught" in result.stdout


async def test_pasted_advert_through_the_flow_gets_each_sign_explained(chat: FlowChat) -> None:
    await chat.consent()
    await chat.press("job_offer")
    await chat.press("job_offer.mode.paste")
    advert = (
        "LOWONGAN!! Dicari ART untuk keluarga di Arab Saudi. Gaji besar, tanpa pengalaman. "
        "Berangkat cepat pakai visa umroh. Biaya pendaftaran 3 juta, sisanya potong gaji. "
        "Rahasiakan dari keluarga."
    )
    result = await chat.raw_text(advert)
    assert result.outcome == "risk:high"
    assert "RISIKO TINGGI" in chat.said and "Kepmenaker 260/2015" in chat.said
    found = scan(advert).flags
    assert f"({len(found)})" in chat.said
    assert "umrah" in chat.said.lower() and "rahasia" in chat.said.lower()


async def test_a_clean_advert_through_the_flow_is_not_called_safe(chat: FlowChat) -> None:
    await chat.consent()
    await chat.press("job_offer")
    await chat.press("job_offer.mode.paste")
    result = await chat.raw_text("Dibutuhkan operator produksi pabrik elektronik di Taiwan, kontrak 3 tahun.")
    assert result.outcome == "risk:low"
    assert "belum membuktikan tawarannya aman" in chat.said
    assert "job_offer.scan_none.questions" in chat.button_ids


async def test_a_single_light_sign_gets_the_some_risk_answer_in_english(chat: FlowChat) -> None:
    chat.state.language = "en"
    await chat.consent()
    await chat.press("job_offer")
    await chat.press("job_offer.mode.paste")
    result = await chat.raw_text("Factory work in Taiwan, NT$ 28,590, limited places, apply now")
    assert result.outcome == "risk:low"
    assert "SOME RISK" in chat.said and "Pressure to hurry" in chat.said
