"""Curated danger phrases in Indonesian, English, Sundanese, Javanese, Malay and Sasak.

Each rule is a category and one or more groups of phrases; a rule fires when every group has a phrase in
the message (so "paspor" + "ditahan" + "tidak bisa pulang" can be one rule). Phrases are written in the
normalised spelling (see nlu/normalise.py: "ga"/"gak" -> "tidak", "sy" -> "saya"); they are normalised again
at load time, so a chat spelling here is harmless. URGENT rules alone raise the alarm; POSSIBLE rules make the
engine ask "are you in danger right now?".

Reviewed for the pilot by the engineering team only: ask hotline staff and native speakers (Sundanese,
Javanese, Sasak especially) to extend it from real conversations.
"""

from __future__ import annotations

from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True, slots=True)
class DangerRule:
    category: str
    groups: tuple[tuple[str, ...], ...]
    strength: str = "urgent"  # "urgent" or "possible"


def _rule(category: str, *groups: str, strength: str = "urgent") -> DangerRule:
    return DangerRule(category, tuple(tuple(p.strip() for p in g.split("|")) for g in groups), strength)


_CONFINE_VERB = (
    "disekap|sekap|menyekap|nyekap|nyekep|disekep|tersekap|dikurung|terkurung|mengurung|dikunci|dikonci|"
    "disandera|disandra|locked|"
    "confined|trapped|terperangkap|dikerangkeng"
)
# Kept from going out: an alarm on its own.
_KEPT_IN = (
    "tidak boleh keluar|tidak diizinkan keluar|dilarang keluar|tidak bisa keluar rumah|tidak dikasih keluar|"
    "tidak bisa keluar dari rumah|tidak bisa keluar kamar|tidak boleh kemana mana|cannot leave the house|"
    "cannot leave|not allowed to leave|not allowed to go out|not let me leave|will not let me leave|"
    "will not let me go|tidak tiasa kaluar|tidak kenging kaluar|tidak iso metu|tidak oleh metu|"
    "tidak entuk metu|ndek bau lalo"
)
# Cannot go home: usually a return-home question ("kontrak belum habis, tidak bisa pulang"), an alarm only
# together with a held passport.
_CANNOT_GO_HOME = (
    "tidak bisa pulang|tidak boleh pulang|tidak dibolehkan pulang|tidak bisa kabur|cannot go home|"
    "tidak iso mulih|tidak tiasa mulih|tidak boleh balik|ndek bau ulek|tidak bisa keluar"
)
_DOCUMENT = "paspor|passport|pasport|dokumen|documents|ktp|id card"
_DOC_TAKEN = (
    "ditahan|diambil|disita|dirampas|disimpan|dipegang|dijupuk|dicandak|kena ambil|taken|took|kept|"
    "confiscated|holds|held|keeps|ditahan majikan|diambil majikan|teambil"
)

RULES: tuple[DangerRule, ...] = (
    # Confinement: locked in, held, not allowed out.
    _rule(
        "confinement",
        _CONFINE_VERB + "|held captive|kept prisoner|held hostage|being held|is held|are held|held in a|"
        "scam compound|dikerangkeng|ditawan",
    ),
    _rule("confinement", _KEPT_IN),
    _rule("cannot_go_home", _CANNOT_GO_HOME, strength="possible"),
    # Violence.
    _rule(
        "violence",
        "dipukul|dipukuli|dipukulin|ditampar|ditendang|disiksa|dianiaya|disetrum|dicekik|ditusuk|dilukai|"
        "dijambak|didorong|mendorong saya|nyiksa|mukulin saya|mukul saya|nampar|nendang|disiram air panas|"
        "disiram|poured hot water|hot water on me|"
        "disundut|digebug|digebugan|digebuki|dithuthuki|ditampiling|didera|"
        "kena pukul|kena dera|disepak|beaten|beat me|beats me|hit me|hits me|kicked me|tortured|choked|"
        "beat her|beats her|beat him|beats him|hits her|hits him|hurt her|hurts her|beating her|beating him|"
        "stabbed|burned me|hurts me|hurt me|abuses me|abused me|berdarah|bleeding|luka parah|tepantok",
    ),
    # Sexual abuse and forced sex work.
    _rule(
        "sexual_abuse",
        "diperkosa|perkosa|memperkosa|dilecehkan|dicabuli|dirogol|kena rogol|dicabul|raped|rape|molested|"
        "sexually abused|sexually assaulted|forced to have sex|dipaksa berhubungan|dipaksa tidur dengan|"
        "dipaksa melayani|disuruh melayani tamu|dijadikan psk|dipaksa jadi psk|dijual ke tempat|"
        "forced into prostitution|forced to sell my body|forced sex work|dipaksa jual diri",
    ),
    # Threats to life or family.
    _rule(
        "threat",
        "diancam|mengancam saya|mengancam keluarga|mau dibunuh|akan dibunuh|diancam dibunuh|dibunuh|diugut|"
        "kena ugut|dipateni|arep dipateni|dipaehan|threatened|threatens|threaten me|will kill me|kill me|"
        "going to kill|hurt my family|hurt my children|hurt my kids|celakai keluarga|mau membunuh saya|"
        "ngancam|will kill|kill her|kill him|kill us|akan membunuh|mau membunuh",
    ),
    # Forced work, scam compounds, trafficking in progress.
    _rule(
        "forced_work",
        "dipaksa kerja|dipaksa bekerja|kerja paksa|dipaksa menipu|disuruh menipu|dipaksa scam|dipeksa kerja|"
        "dipaksa damel|forced to work|forced labour|forced labor|forced to scam|made to scam|"
        "saya dijual|dijual agen|dijual ke|dijual oleh|dijual lagi|diperdagangkan|dibawa paksa|diculik|"
        "kidnapped|being trafficked|sold me|sold to|sold her|sold him|sold us|trafficked|brothel|"
        "rumah bordil|lokalisasi",
    ),
    _rule("ransom", "tebusan|uang tebusan|minta tebusan|ransom|ditebus"),
    # Self-harm.
    _rule(
        "self_harm",
        "bunuh diri|mau mati saja|ingin mati|ingin mati saja|mau mati|mengakhiri hidup|menyakiti diri|"
        "suicide|kill myself|want to die|end my life|hurt myself|self harm|hoyong maot|pengen mati|"
        "nak mati|tidak kuat hidup|gantung diri|minum racun",
    ),
    # Stranded abroad with nothing.
    _rule(
        "stranded",
        "terlantar|telantar|ditelantarkan|terdampar|terkandas|keblangsak|terlunta lunta|tidur di jalan|"
        "tidur di jalanan|stranded|sleeping on the street|kabur dari majikan|kabur dari agensi|"
        "kabur dari rumah majikan|ran away from|escaped from|melarikan diri|tidak dikasih makan|"
        "tidak diberi makan|tidak pernah dikasih makan|tidak pernah diberi makan|no food",
    ),
    # A held passport alone is an abuse sign, not yet a crisis; with "cannot leave" it is one.
    _rule("document_retention", _DOCUMENT, _DOC_TAKEN, _CANNOT_GO_HOME + "|" + _KEPT_IN),
    _rule("document_retention", _DOCUMENT, _DOC_TAKEN, strength="possible"),
    _rule(
        "stranded",
        "tidak punya uang|tidak ada uang|uang habis|tiada duit|no money|ndarak kepeng|tidak gaduh artos",
        "paspor|passport|dokumen|documents|pasport",
        strength="possible",
    ),
    _rule(
        "fear",
        "ketakutan|sangat takut|takut banget|takut sekali|so scared|really scared|very scared|terrified|"
        "mau kabur|ingin kabur|saya kabur|aku kabur|escape|hp disita|hp diambil|phone taken|sieun pisan",
        strength="possible",
    ),
    _rule("alarm_word", "darurat|emergency|bahaya|danger|in danger|urgent", strength="possible"),
    _rule("sos", "sos|mayday"),
)

# Whole-message pleas: "tolong", "SOS", "help me!!" with nothing else to go on means someone may be unable to
# write more. A message made only of these words raises the alarm.
PLEA_WORDS = _words(
    "tolong toloong sos help helpp tulung tulungi tulungan bantu bantuan darurat emergency mayday please "
    "saya aku kami me us i kakak admin kak min pak ibu bapak cepat segera urgent plis pls now right quickly "
    "fast asap sekarang"
)
PLEA_CORE = _words("tolong toloong sos help helpp tulung tulungi tulungan bantu darurat emergency mayday")

# Temporal framing. Phrases, matched on the normalised tokens like the rules above.
PAST = (
    "dulu saya|dulu aku|dulu teman|dulu kakak|dulu adik|dulu tetangga|dulu waktu|dulu pas|dulu pernah|"
    "waktu dulu|zaman dulu|jaman dulu|dulunya|dahulu|tahun lalu|tahun yang lalu|bulan lalu|waktu itu|"
    "beberapa tahun|bertahun tahun lalu|years ago|last year|last month|used to|in the past|back then|"
    "once was|had been|baheula|biyen|dulu kala|pernah|dulu"
)
PREVENTION = (
    "mencegah|cegah|nyegah|mencegahnya|cegahnya|nyegahnya|pencegahan|"
    "menghindarinya|hindarinya|menghindari|hindari|terhindar|supaya tidak|agar tidak|jangan sampai|"
    "ciri ciri|ciri|tanda tanda|tanda tandanya|ciri cirinya|modus|jadi korban|menjadi korban|waspada|"
    "hati hati|berhati hati|tanda|signs|mengenali|kenapa bisa|how does it happen|saya dengar|dengar|"
    "i heard|heard|"
    "prevent|avoid|signs of|warning signs|what if|seandainya|andaikan|"
    "misalkan|kalau nanti|nanti kalau|jika nanti|apa itu|apa yang dimaksud|what is|berita|news|artikel|"
    "film|sosialisasi|penyuluhan|materi|tugas sekolah|skripsi|penelitian|hukuman|pasal|research|"
    "how to protect|melindungi|bagaimana kalau nanti|biar tidak|what should i do if|"
    "apa yang harus dilakukan jika"
)
SAFE_NOW = (
    "sudah pulang|sudah aman|sudah selamat|sudah di rumah|sudah kembali|sekarang aman|sudah di indonesia|"
    "sudah lepas|sudah bebas|sudah diselamatkan|sudah ditangani|now safe|safe now|back home|already home|"
    "home now|got out|was rescued|sudah dipulangkan|sudah balik|already back|di kampung|sekarang di rumah|"
    "sekarang di indonesia|back in indonesia|safe at home|is safe|sudah tenang"
)
# "sekarang" / "now" also appear in "sekarang sudah aman" (safe now): weak, SAFE_NOW overrides them.
WEAK_PRESENT = "sekarang|now|today|hari ini|saiki|ayeuna|masih|still"
PRESENT = (
    "saat ini|lagi|sedang|tadi|barusan|malam ini|right now|currently|"
    "tonight|help me|tolong saya|tolong aku|tolong kami|tolong bantu saya|please help me|cepat|segera|"
    "sos|nuju|tulung|tulungi|"
    "keep|keeps|is being|am being|are being"
)
# "dulu" after a request means "first" ("tolong jemput saya dulu"), elsewhere "in the past".
DULU_NOT_PAST_AFTER = frozenset(
    {"tolong", "bantu", "jemput", "tunggu", "sebentar", "selamatkan", "saya", "aku"}
)
# "pernah" after a negation means "never" ("tidak pernah dikasih makan"): an ongoing condition, not the past.
NEGATIONS = frozenset({"tidak", "belum", "never", "not"})
