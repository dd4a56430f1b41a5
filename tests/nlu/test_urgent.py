"""The urgent detector: every layer raises the alarm on its own; past or prevention framing does not."""

from __future__ import annotations

import pytest

from nlu.embedded import EmbeddedBackend
from nlu.types import Urgency
from nlu.urgent import DangerLexicon, decide_urgency

URGENT_MESSAGES = [
    "tolong",
    "SOS",
    "tolooong!!",
    "help me",
    "sy dikunci di kamar sm majikan",
    "saya disekp majikan",  # typo
    "dipukulin majikan tiap hari",
    "paspor saya ditahan agen dan saya tidak boleh keluar",
    "anak saya disekap di kamboja, disuruh menipu orang",
    "majikan mengancam mau membunuh saya",
    "saya mau bunuh diri",
    "kabur dari majikan, tidur di jalan, ga punya uang",
    "my employer locked me in and took my passport",
    "I want to kill myself",
    "they sold her to a brothel",
    "the agents want ransom for my brother",
    "abdi digebugan ku majikan",
    "aku dikunci neng omah majikan, ora iso metu",
    "saya kena pukul majikan, tak boleh keluar",
    "tulung, tiang ndek bau lalo",
]

NOT_URGENT_MESSAGES = [
    "dulu teman saya pernah disekap, gimana cara nyegahnya",
    "adik saya tahun lalu dipukul majikan, sekarang sudah pulang, mau lapor",
    "apa itu kerja paksa?",
    "ciri2 perdagangan orang apa saja",
    "sy mw krj k taiwan, dokumennya apa aj",
    "my brother wants to work in korea, what documents does he need",
    "visa saya tidak bisa keluar, kenapa ya",
    "saya mau kerja ke luar negeri",
    "how do I avoid being trafficked",
    "my cousin was held captive last year, she is safe now, who do we report to",
]


@pytest.mark.parametrize("text", URGENT_MESSAGES)
def test_danger_now_is_urgent(embedded: EmbeddedBackend, text: str) -> None:
    result = embedded.parse_sync(text)
    assert result.urgency is Urgency.URGENT, result.urgent_reasons
    assert result.intent == "emergency"
    assert result.urgent_reasons


@pytest.mark.parametrize("text", NOT_URGENT_MESSAGES)
def test_past_prevention_and_ordinary_questions_are_not_urgent(embedded: EmbeddedBackend, text: str) -> None:
    result = embedded.parse_sync(text)
    assert result.urgency is not Urgency.URGENT, (result.intent, result.urgent_reasons)
    assert result.intent != "emergency"


def test_a_past_event_alone_asks_whether_there_is_danger_now() -> None:
    # The person's own past is worth "are you in danger now?"; a friend's past is ordinary conversation.
    own = decide_urgency(DangerLexicon().signals("saya pernah dipukul majikan"), 0.0)
    assert own.urgency is Urgency.POSSIBLE and "framing:not-now" in own.reasons
    friend = decide_urgency(DangerLexicon().signals("teman saya dulu pernah dipukul majikan"), 0.0)
    assert friend.urgency is Urgency.NONE


def test_in_between_signal_is_possible(embedded: EmbeddedBackend) -> None:
    # A held passport is an abuse sign but not yet a crisis: the engine asks "are you in danger now?".
    result = DangerLexicon().signals("paspor saya dipegang majikan")
    assert result.possible_hits and not result.urgent_hits
    decision = decide_urgency(result, 0.0)
    assert decision.urgency is Urgency.POSSIBLE


def test_present_tense_beats_past_framing() -> None:
    signals = DangerLexicon().signals("dulu saya berangkat lewat calo, sekarang saya dikurung majikan")
    decision = decide_urgency(signals, 0.0)
    assert decision.urgency is Urgency.URGENT


def test_known_words_are_not_corrected_into_danger_words() -> None:
    lexicon = DangerLexicon(frozenset({"brother"}))
    assert not lexicon.signals("my brother is sick").urgent_hits
    assert lexicon.signals("they sold me to a brothl").urgent_hits  # a typo still matches


def test_emergency_intent_always_means_urgent(embedded: EmbeddedBackend) -> None:
    from nlu.training_data import load_test_set

    for example in load_test_set():
        result = embedded.parse_sync(example.text)
        if result.intent == "emergency":
            assert result.urgency is Urgency.URGENT, example.text


# ---- danger now, per category, in the languages and spellings people write in (fresh, not the dev set) ----

URGENT_BY_CATEGORY = [
    ("confinement", "tlg aku gk blh kluar kamar sm majikan dr kemaren"),
    ("confinement", "majikanku ngunci aku nang kamar mandi"),
    ("confinement", "abdi dikonci ti luar ku dunungan"),
    ("confinement", "saya tak dibenarkan keluar rumah oleh tuan rumah"),
    ("confinement", "they locked us in the dormitory and guard the gate"),
    ("transit", "kami diangkut naik mobil lewat hutan ke perbatasan, hp dikumpulkan"),
    ("transit", "we were taken on a small boat at night and they took our phones"),
    ("transit", "aku digowo liwat alas, hpku dijupuk, ora ngerti arep digowo nang ngendi"),
    ("violence", "majikanku ngantemi aku meneh bengi iki"),
    ("violence", "abdi dipeupeuh ku dunungan"),
    ("violence", "tuan rumah belasah saya guna kayu"),
    ("violence", "majikan ngelempar botol ke kepala sy"),
    ("violence", "he punched me and pulled my hair"),
    ("sexual_abuse", "bapak majikan sering masuk kamarku pas aku tidur"),
    ("sexual_abuse", "bos minta dipijit trus raba2 paha sy"),
    ("sexual_abuse", "the son keeps banging on my bedroom door every night"),
    ("sexual_abuse", "sy dijadikan pelacur sm agensi di batam"),
    ("threat_to_family", "sponsor ngirimin foto anak sy lagi main di depan rumah"),
    ("threat_to_family", "calo bilang dia tahu alamat keluarga sy, awas kalau lapor"),
    ("threat_to_family", "the agent sent me pictures of my children outside their school"),
    ("minor", "sy msh 15 thn tp sponsor mau berangkatin sy ke taiwan, umur dituakan"),
    ("minor", "anak tetangga umur 13 mau dikawinkan lewat calo"),
    ("minor", "they are taking the kids over the border tonight"),
    ("minor", "budak lelaki 14 tahun dijual ke kapal"),
    ("forced_work", "gaji blm dibayar 9 bulan, agen gk ngizinin sy pulang"),
    ("forced_work", "kerja 21 jam sehari, gk dibayar"),
    ("forced_work", "they say i have a debt and can't leave until i pay"),
    ("forced_work", "disuruh scam orang di kamboja, gk bisa keluar gedung"),
    ("self_harm", "sy pamit ya, jaga anak anak sy"),
    ("self_harm", "udh gk sanggup lagi hidup"),
    ("self_harm", "aku wis nyiapke tali neng kamar"),
    ("self_harm", "no one would miss me"),
    ("self_harm", "sy lg berdiri di pinggir atap"),
    ("self_harm", "mending aku mati aja"),
    ("self_harm", "abdi hayang paeh wae"),
    ("self_harm", "saya nak tamatkan hidup saya"),
    ("medical_refused", "teman sy semaput, mandor ora gelem nggowo nang rumah sakit"),
    ("medical_refused", "abdi kapiuhan, dunungan teu ngidinan ka dokter"),
    ("medical_refused", "tangan sy kejepit mesin, bos gk kasih ke klinik"),
    ("medical_refused", "she is bleeding and pregnant and the boss says no hospital"),
    ("at_sea", "aku ABK, kaptene nabok aku saben bengi"),
    ("at_sea", "ABK tidak boleh turun ke darat sudah setahun"),
    ("at_sea", "a crewmate died on board and the captain just keeps fishing"),
    ("stranded", "ditinggal sopir di perbatasan, gk punya paspor gk ada uang"),
    ("stranded", "the agent left me at the airport with no passport and my phone is dying"),
    ("in_danger", "aku dalam bahaya, majikan masih ngamuk"),
]


@pytest.mark.parametrize(("category", "text"), URGENT_BY_CATEGORY)
def test_danger_now_is_urgent_with_its_category(embedded: EmbeddedBackend, category: str, text: str) -> None:
    result = embedded.parse_sync(text)
    assert result.urgency is Urgency.URGENT, result.urgent_reasons
    categories = {r.split(":")[1] for r in result.urgent_reasons if r.startswith("lexicon:")}
    assert category in categories, result.urgent_reasons


ORDINARY_NEAR_MISSES = [
    # buttons, consent, locations, self-descriptions, worries, data
    "ya saya setuju",
    "lanjut kak",
    "abdi di dammam",
    "sy lg di kaohsiung",
    "sy ART di hongkong",
    "bapak saya ABK",
    "sy takut salah pilih PT",
    "hapus semua data saya ya",
    "bantuan",
    # rules, hypothetical and hearsay questions with scary words
    "kalau majikan nahan paspor itu melanggar hukum gak?",
    "apa benar kalau kabur dari agen nanti ditangkap polisi?",
    "lapor ke mana kalau ada anak dijual? buat jaga2 aja",
    "kata tetangga di myanmar banyak yang disekap, bener gak?",
    "ceunah di kamboja loba nu dikurung",
    # someone else's or one's own resolved past
    "teman sy dulu pernah dikunci majikan",
    "dulu pernah ditampar majikan di taiwan, sekarang sudah di rumah",
    "biyen aku tau dikunci majikan, saiki wis mulih",
    # names and ordinary words near danger words
    "nama PT nya karya perkasa mandiri",
    "paspor saya diperiksa imigrasi",
    "pintu gerbang asrama dikunci jam 10 malam",
    "sy pamit dulu ya, mau tidur",
    "pamit ya semua, besok aku pindah kerja, selamanya kalian di hati",
    "hp sy mau mati, nanti lanjut",
    "anak saya umur 16 mau ikut lomba ke singapura",
    "majikan masuk kamar saya buat bangunin",
    "majikan minta dipijat, itu wajar gak?",
    "dia lempar senyum ke aku hehe",
    "ditinggal pesawat di bandara, gak ada uang buat tiket baru",
    "agen tahu alamat orang tua saya dari formulir",
    "utang di koperasi blm lunas",
    "kerja 12 jam sehari, lemburnya dibayar",
    "i'm on the roof fixing the antenna",
    # tweets
    "persija menang, seneng banget",
    "sambel terasi paling mantap",
    "muak sama politikus yang korupsi",
    "timnas kalah lagi, pengen mati aja rasanya wkwk",
]


@pytest.mark.parametrize("text", ORDINARY_NEAR_MISSES)
def test_near_misses_are_not_urgent(embedded: EmbeddedBackend, text: str) -> None:
    result = embedded.parse_sync(text)
    assert result.urgency is not Urgency.URGENT, result.urgent_reasons


@pytest.mark.parametrize("text", ["help", "Help", "help?", "help pls"])
def test_a_bare_help_asks_rather_than_raises_the_alarm(text: str) -> None:
    # "help" is also the help command: POSSIBLE ("are you in danger right now?"), never URGENT.
    decision = decide_urgency(DangerLexicon().signals(text), 0.0)
    assert decision.urgency is Urgency.POSSIBLE and decision.reasons == ("plea:ambiguous",)


@pytest.mark.parametrize("text", ["tolong", "tolong kak", "help me", "help us please", "SOS", "🆘"])
def test_a_plea_for_oneself_stays_urgent(text: str) -> None:
    assert decide_urgency(DangerLexicon().signals(text), 0.0).urgency is Urgency.URGENT


@pytest.mark.parametrize(
    "text",
    ["pgn mati aja", "aku kesel urip", "i want to end my life", "sy pamit, titip anakku ya", "abdi hoyong maot"],
)
def test_self_harm_reasons_carry_the_self_harm_category(text: str) -> None:
    # flows/actions/emergency.py chooses the mental-health line from the `self_harm` category.
    decision = decide_urgency(DangerLexicon().signals(text), 0.0)
    assert decision.urgency is Urgency.URGENT
    assert any(r.startswith("lexicon:self_harm:") for r in decision.reasons), decision.reasons


@pytest.mark.parametrize(
    "text", ["sy masih 16 thn mau dikirim ke malaysia", "adikku umur 14 digowo calo", "a 13 year old was sold"]
)
def test_a_child_carries_the_minor_category(text: str) -> None:
    decision = decide_urgency(DangerLexicon().signals(text), 0.0)
    assert decision.urgency is Urgency.URGENT
    assert any(r.startswith("lexicon:minor:") for r in decision.reasons), decision.reasons


def test_laughter_turns_self_harm_words_into_a_question_not_silence() -> None:
    joking = decide_urgency(DangerLexicon().signals("kalah lagi, ingin mati wkwk"), 0.0)
    assert joking.urgency is Urgency.POSSIBLE and "framing:laughter" in joking.reasons
    # laughter does not soften anything else
    beaten = decide_urgency(DangerLexicon().signals("dipukul majikan lagi wkwk"), 0.0)
    assert beaten.urgency is Urgency.URGENT


def test_impersonal_conditional_questions_ask_but_first_person_ones_do_not_soften() -> None:
    lexicon = DangerLexicon()
    question = decide_urgency(lexicon.signals("kalau disekap agen harus lapor kemana?"), 0.0)
    assert question.urgency is not Urgency.URGENT
    mine = decide_urgency(lexicon.signals("kalau saya lapor, majikan bilang mau bunuh saya. gimana?"), 0.0)
    assert mine.urgency is Urgency.URGENT


def test_the_dev_set_figures(embedded: EmbeddedBackend) -> None:
    from nlu.urgency_eval import load_dev_set, urgency_figures

    examples = load_dev_set()
    results = [embedded.parse_sync(e.text) for e in examples]
    figures = urgency_figures([e.text for e in examples], [e.urgent for e in examples], results)
    assert figures.urgent >= 200 and figures.ordinary >= 300
    assert figures.urgent_recall == 1.0, figures.missed
    assert figures.false_urgent_rate <= 0.01, figures.false_urgent
    assert figures.short_false_urgent_rate <= 0.005, figures.false_urgent


def test_a_long_paste_is_scanned_fast_and_whole(embedded: EmbeddedBackend) -> None:
    import time

    # Many phrases share a first word ("tidak ..."): the scan must not cost one step per phrase.
    story = ("saya tidak tahu harus bagaimana, tidak bisa tidur, tidak boleh libur. " * 300)[:19_950]
    paste = story + " sekarang saya dikurung"
    embedded.parse_sync(paste[:200])  # warm up
    start = time.perf_counter()
    result = embedded.parse_sync(paste)
    elapsed = time.perf_counter() - start
    assert result.urgency is Urgency.URGENT
    assert elapsed < 0.25, f"{elapsed * 1000:.0f} ms"  # about 15 ms here; generous for slow CI machines


# ---- round 2: the families the first round missed (fresh sentences, not the dev set) ----

URGENT_BY_FAMILY = [
    # 1. passives written split or with a chat prefix
    ("confinement", "sy d kunci di gudang belakang, gk bs kluar"),
    ("confinement", "kami dkurung di lantai atas sm agen"),
    ("violence", "aku di pukul pake sapu sm majikan td pagi"),
    ("violence", "sy d tampar lg sm nyonya"),
    # 2. weapons and death for trying to leave
    ("violence", "anak majikan nodongin pisau ke leher sy"),
    ("violence", "mandor ngancem pake parang kalo kami protes"),
    ("threat", "penjaga bilang kalo ada yg kabur bakal ditembak"),
    ("threat", "they told us anyone who tries to escape will be shot"),
    ("threat", "calo bilang jgn macem2 kalau masih mau hidup"),
    # 3. self-injury and hopelessness
    ("self_harm", "semalem aku nyilet lengan lagi"),
    ("self_harm", "i started cutting my arms again last night"),
    ("self_harm", "udh gk kuat lg, pengen nyakitin diri sendiri"),
    ("self_harm", "tiap hari dimarahi. gaji dipotong. anak di kampung sakit. sy sendirian. rasanya gk pengen hidup"),
    # 4. medical emergency, care put off by someone else
    ("medical_refused", "teman sekamar kejang2, agen bilang tunggu besok aja"),
    ("medical_refused", "darahnya banyak bgt abis keguguran, bos bilang nanti ketahuan overstay"),
    ("medical_refused", "jari temen kegencet mesin, mandor suruh lanjut kerja"),
    ("medical_refused", "he fainted and the foreman locked the door, says keep working"),
    # 5. sexual abuse
    ("sexual_abuse", "tuan rumah suka ngintip aku pas mandi"),
    ("sexual_abuse", "anak majikan nyoba buka pintu kamar mandi tiap sy mandi"),
    ("sexual_abuse", "the agency forced me to do sex work at a hotel"),
    ("sexual_abuse", "sy dipaksa nemenin tamu minum di karaoke"),
    # 6. minors by school level, forced marriage
    ("minor", "adikku baru lulus SMP dibawa calo ke kalimantan"),
    ("minor", "sepupu sy kelas 3 SMP dipaksa nemenin tamu"),
    ("minor", "anak kelas 1 SMP mau dinikahkan sama juragan lewat makcomblang"),
    ("forced_marriage", "aku dijodohin paksa sm ortu, akadnya besok"),
    # 7. forced work
    ("forced_work", "kerja dari jam 4 subuh sampe jam 12 malem, gk ada libur, gk digaji"),
    ("forced_work", "di kebun sawit gk dibayar krn utang ke tekong blm lunas, gk bs pergi"),
    ("forced_work", "they say i have debt and cannot go until it is paid, no salary for a year"),
    ("forced_work", "sy forced kerja di 2 rumah, gaji gk dikasih"),
    # 8. trafficking in transit
    ("transit", "kami lagi di mobil box, gk dikasih tau mau kemana, paspor diambil sopir"),
    ("transit", "aku digowo nang truk, ora ngerti arep nang endi, paspor dijupuk"),
    ("transit", "abdi keur dibawa naek perahu, teu terang bade kamana, paspor dicokot"),
    ("transit", "kami dalam lori ke sempadan, ejen ambil pasport, tak tahu nak ke mana"),
    # 9. passport held and trapped
    ("document_retention", "paspor dipegang agen, kalau mau pulang harus bayar 30 juta"),
    ("document_retention", "my employer hides my passport and says i will never go home"),
    ("document_retention", "paspor ditahan, gk boleh telpon keluarga"),
    # 10. violence with injury, the aggressor still there
    ("violence", "piring dilempar ke aku, tangan berdarah, majikan masih di dapur"),
    ("violence", "majikan mabuk ngamuk, kepala sy benjol, dia masih di rumah"),
]


@pytest.mark.parametrize(("category", "text"), URGENT_BY_FAMILY)
def test_round_two_families_are_urgent(category: str, text: str) -> None:
    decision = decide_urgency(DangerLexicon().signals(text), 0.0)
    assert decision.urgency is Urgency.URGENT, decision.reasons
    assert any(r.startswith(f"lexicon:{category}:") for r in decision.reasons), decision.reasons


ROUND_TWO_ORDINARY = [
    "kalau paspor ditahan itu boleh gak?",
    "kata orang di sana paspor ditahan semua, bener gak?",
    "dulu teman sy dikurung majikan, skrg udh pulang",
    "sy kerja di kebun sawit",
    "jam kerja di taiwan berapa jam?",
    "anak sy baru lulus SMP mau kerja apa ya",
    "sy lulusan SMP, bisa daftar ke korea?",
    "kapan gajian",
    "sy capek kerja",
    "anak sy kelas 2 SMP, sekolahnya bagus",
    "sy di entikong",
    "nunukan ke tawau naik kapal berapa jam",
    "kalau punya riwayat kejang boleh berangkat?",
    "beli pistol air buat anak majikan",
    "pintu kamar sy rusak, gk bs d kunci",
    "hp sy d kunci anak sy, lupa pola",
    "gerbang asrama di kunci jam 10",
    "udh gk tahan pengen pulang kampung",
    "jari kena pisau pas masak, udh diobatin",
    "gaji sy di cut, boleh gak?",
    "majikan bilang besok sy ke dokter gigi",
    "nenek kejang td, udh dibawa ke rs sm majikan",
    "mandi di sini airnya dingin bgt",
    "kerja di karaoke jepang legal gak?",
    "kerja jam 6 pagi sampe jam 8 malem itu normal?",
    "lagi di mobil ke bandara sm keluarga",
    "naik bus ke entikong, paspor dicap di imigrasi",
    "paspor dipegang agensi, mau pulang bayar tiket sendiri kah?",
    "anak majikan lempar mainan terus",
    "kalau mau selamat jangan pakai calo ya",
    "dijodohin ortu tapi sy mau kok, syarat nikahnya apa",
]


@pytest.mark.parametrize("text", ROUND_TWO_ORDINARY)
def test_round_two_near_misses_are_not_urgent(text: str) -> None:
    decision = decide_urgency(DangerLexicon().signals(text), 0.0)
    assert decision.urgency is not Urgency.URGENT, decision.reasons


@pytest.mark.parametrize(("split", "joined"), [("sy d kurung", "dikurung"), ("di kunci", "dikunci"),
                                               ("dkurung", "dikurung"), ("d pukul", "dipukul")])
def test_split_and_prefixed_passives_join(split: str, joined: str) -> None:
    from nlu.urgent import lexicon_tokens

    assert joined in lexicon_tokens(split)
    assert lexicon_tokens("sy di kamar") == ["saya", "di", "kamar"]  # a preposition stays one


def test_a_despair_story_ending_in_danger_is_urgent_and_fast() -> None:
    import time

    lexicon = DangerLexicon()
    story = ("sy kerja udh 2 tahun, majikan galak, gaji telat, sy sering sendirian di kamar. " * 260)[:19_950]
    lexicon.signals(story[:300])  # warm up
    start = time.perf_counter()
    decision = decide_urgency(lexicon.signals(story + " rasanya gk pengen hidup"), 0.0)
    elapsed = time.perf_counter() - start
    assert decision.urgency is Urgency.URGENT, decision.reasons
    assert elapsed < 0.1, f"{elapsed * 1000:.0f} ms"


# Round three: word families and combinations written for this file, not taken from the dev sets.
ROUND_THREE_URGENT = [
    ("violence", "nyonya nyambuk aku pakai kabel, tadi dipecut lagi di dapur"),
    ("violence", "pipi saya lebam semua, majikan marah soal cucian"),
    ("violence", "he burned my hand on the stove when the rice was late"),
    ("sexual_abuse", "anak majikan mabuk terus masuk kamarnya adik saya tengah malam"),
    ("sexual_abuse", "bos ngajak saya tidur, kalau saya tidak mau katanya gaji dipotong"),
    ("sexual_abuse", "petugas penampungan disuruh telanjang semua buat foto"),
    ("threat", "mandor punya pistol, bilang siapa yang kabur mati"),
    ("threat", "sy takut orang suruhan agen mau nyakitin anak sy, mereka nungguin di depan rumah"),
    ("threat_to_family", "agen bilang kalau saya lapor polisi, adik saya di kampung yang kena"),
    ("medical_refused", "ibu saya demam tinggi dua hari, majikannya tidak mau bawa ke dokter"),
    ("medical_refused", "my wife is pregnant and bleeding, the employer will not take her to a clinic"),
    ("self_harm", "sudah tidak sanggup, tolong titip anak saya ya kak"),
    ("self_harm", "mending aku ngilang saja dari dunia ini"),
    ("forced_work", "tiap malam cuma tidur 3 jam, sudah 6 bulan tidak digaji"),
    ("forced_work", "gaji belum dibayar 7 bulan dan paspor disimpan mandor"),
    ("document_retention", "majikan pegang paspor saya dan tidak mau kasih, saya mau pulang"),
    ("confinement", "majikan tidak kasih saya makan dari kemarin, hp saya diambil"),
    ("stranded", "diusir majikan jam 2 pagi, sekarang duduk di pinggir jalan"),
    ("stranded", "baru dideportasi, tidak punya ongkos pulang, tidak ada yang jemput"),
    ("transit", "kami dibawa naik truk, tidak tahu arahnya, paspor diminta sopir"),
    ("at_sea", "di kapal ikan ini kapten menusuk abk lain, kami masih di tengah laut"),
]


@pytest.mark.parametrize(("category", "text"), ROUND_THREE_URGENT)
def test_round_three_families_are_urgent(category: str, text: str) -> None:
    decision = decide_urgency(DangerLexicon().signals(text), 0.0)
    assert decision.urgency is Urgency.URGENT, decision.reasons
    assert any(r.startswith(f"lexicon:{category}:") for r in decision.reasons), decision.reasons


ROUND_THREE_ORDINARY = [
    "abdi nuju diajar basa jepang di LPK",  # Sundanese "diajar" (study) is not "dihajar"
    "ada video viral pekerja dipukul, itu di negara mana ya",
    "apa yang harus dilakukan kalau ada teman yang ingin bunuh diri?",
    "dulu sempat ingin bunuh diri, sekarang sudah lebih baik, mau cari psikolog",
    "bukan darurat kak, cuma mau tanya biaya",
    "paspor sudah saya pegang sendiri, tinggal tunggu tiket",
    "majikan pelit, kulkas aja dikunci",
    "hp tidak boleh dipakai saat kerja, itu aturan majikan",
    "kalau kabur dari majikan nanti kena denda?",
    "kaki saya memar karena jatuh sendiri di tangga, obatnya apa",
    "saya dibawa agen ke kantor imigrasi untuk cap paspor",
]


@pytest.mark.parametrize("text", ROUND_THREE_ORDINARY)
def test_round_three_near_misses_are_not_urgent(text: str) -> None:
    decision = decide_urgency(DangerLexicon().signals(text), 0.0)
    assert decision.urgency is not Urgency.URGENT, decision.reasons


def test_a_danger_word_in_scare_quotes_asks_instead_of_alarming() -> None:
    lexicon = DangerLexicon()
    joke = decide_urgency(lexicon.signals("capek banget, aku 'disiksa' sama cucian numpuk"), 0.0)
    assert joke.urgency is Urgency.POSSIBLE and "framing:quoted" in joke.reasons
    real = decide_urgency(lexicon.signals("aku disiksa majikan, tolong"), 0.0)
    assert real.urgency is Urgency.URGENT
