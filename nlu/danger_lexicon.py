"""Curated danger phrases in Indonesian, English, Sundanese, Javanese, Malay and Sasak.

Each rule is a category and one or more groups of phrases; a rule fires when every group has a phrase in
the message (so "paspor" + "ditahan" + "tidak bisa pulang" can be one rule) and none of its `unless`
phrases is there ("akun fb saya dikunci" is not confinement). Phrases are written in the normalised
spelling (see nlu/normalise.py: "ga"/"gak" -> "tidak", "sy" -> "saya", "ora"/"teu"/"tak" -> "tidak"); they are
normalised again at load time, so a chat spelling here is harmless.

Strengths:
- "urgent": danger now on its own (confinement, violence, sexual abuse, threats, a minor sold or married
  off, self-harm, care refused in a medical emergency, abuse at sea, ...);
- "possible": a real cue, not yet a crisis (passport held, no money and no papers, fear, a medical
  emergency without a refusal): the engine asks "are you in danger right now?";
- "cue": danger-flavoured but ordinary on its own ("takut", "kabur", "pisau"); only counts together with
  a very confident classifier (nlu/urgent.py).

Category names are read by other code: `self_harm` and `minor` choose the reply (mental-health line,
SAPA 129); keep them.

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
    strength: str = "urgent"  # "urgent", "possible" or "cue"
    unless: tuple[str, ...] = ()


def _rule(category: str, *groups: str, strength: str = "urgent", unless: str = "") -> DangerRule:
    def split(g: str) -> tuple[str, ...]:
        return tuple(p.strip() for p in g.split("|") if p.strip())

    return DangerRule(category, tuple(split(g) for g in groups), strength, split(unless))


# Ages under 18 as people write them: "umur 13", "15 tahun", "14 thn", "a 15 year old", "16yo".
# A bare "2 tahun" is as often a duration ("kerja 2 tahun"), so below 10 it needs a child noun before it.
_MINOR_AGE = "|".join(
    [
        f"umur {n}|usia {n}|umurnya {n}|usianya {n}|umure {n}|yuswa {n}|{n} year old|{n} years old|{n} yo|"
        f"{n}yo|{n} yr old|anak {n} tahun|adik {n} tahun|bocah {n} tahun|gadis {n} tahun|anakku {n} tahun|"
        f"anak umur {n}|aged {n}"
        for n in range(1, 18)
    ]
    + [f"{n} tahun|{n} thn|{n} th|{n} taun|is {n}|she is {n}|he is {n}" for n in range(10, 18)]
)
_MINOR_WORD = (
    "di bawah umur|bawah umur|dibawah umur|underage|under age|minor|minors|child|children|young girl|"
    "young girls|schoolgirl|schoolgirls|masih sd|masih smp|masih sma|anak sd|anak smp|anak sekolah|"
    "masih sekolah|anak kecil|masih kecil|anak anak|gadis kecil|gadis di bawah umur|budak|budak budak|"
    "budak bawah umur|bocah|bocah cilik|murid sd|murid smp|pelajar smp"
)
_MINOR_HARM = (
    "dijual|dijualin|didol|didolke|diual|dijual ke|diperdagangkan|dinikahkan|dinikahin|dikawinkan|dikawinin|"
    "dikawinkeun|dinikahkeun|dirabikeun|dijodohkan|dijodohin|nikah siri|kawin kontrak|kawin paksa|"
    "nikah paksa|married off|marry her off|marry him off|being married|to be married|forced to marry|"
    "sold|trafficked|being trafficked|lewat calo|dibawa calo|diajak calo|calo|dibawa kabur|"
    "dipekerjakan|dipaksa kerja|dipaksa bekerja|dijadikan psk|pengantin pesanan|took her|taking underage|"
    "broker|karaoke|tempat hiburan|work in a bar|kelab|across the border|diculik|kidnapped"
)

_CONFINE_VERB = (
    "disekap|sekap|menyekap|nyekap|nyekep|disekep|tersekap|dikurung|dkurung|terkurung|mengurung|dikunci|"
    "dikonci|disandera|disandra|locked|locked in|locked up|confined|trapped|terperangkap|dikerangkeng|"
    "terjebak"
)
# Accounts, phones and cards get locked too: not a person.
_NOT_A_PERSON = (
    "akun|account|accounts|rekening|atm|kartu|password|sandi|pin|facebook|fb|instagram|ig|whatsapp|email|"
    "gmail|aplikasi|app|layar|screen|sim card|simcard|koper|lemari|laci|dompet|tidak bisa dikunci|"
    "tidak bisa di kunci|tidak dikunci|cannot be locked|can not lock|cannot lock|tidak bisa mengunci|"
    "kuncinya rusak|lupa dikunci|lupa kunci|dikunci sendiri|saya kunci"
)
# Kept from going out: an alarm on its own.
_KEPT_IN = (
    "tidak boleh keluar|tidak diizinkan keluar|dilarang keluar|tidak bisa keluar rumah|tidak dikasih keluar|"
    "tidak kasih saya keluar|tidak kasih aku keluar|tidak dikasih keluar rumah|tidak bisa keluar dari rumah|"
    "tidak bisa keluar kamar|tidak boleh kemana mana|cannot leave the house|cannot leave|not allowed to leave|"
    "not allowed to go out|not let me leave|will not let me leave|will not let me go|will not let us leave|"
    "will not let us go|do not let me out|does not let me out|do not let us out|will not let me out|"
    "cannot go out|we cannot go out|tidak tiasa kaluar|tidak kenging kaluar|tidak iso metu|tidak oleh metu|"
    "tidak entuk metu|ndek bau lalo|tidak boleh keluar dari|tidak boleh keluar rumah"
)
# Cannot go home: usually a return-home question ("kontrak belum habis, tidak bisa pulang"), an alarm only
# together with a held passport.
_CANNOT_GO_HOME = (
    "tidak bisa pulang|tidak boleh pulang|tidak dibolehkan pulang|tidak bisa kabur|cannot go home|"
    "tidak iso mulih|tidak tiasa mulih|tidak boleh balik|ndek bau ulek|tidak bisa keluar|tidak oleh mulih|"
    "tidak entuk mulih|tidak entuk bali|tidak kenging mulih|tidak boleh balik kampung"
)
_DOCUMENT = "paspor|passport|pasport|passports|dokumen|documents|ktp|id card"
_DOC_TAKEN = (
    "ditahan|diambil|disita|dirampas|disimpan|dipegang|dijupuk|dicandak|kena ambil|taken|took|kept|"
    "confiscated|holds|held|keeps|ditahan majikan|diambil majikan|teambil|simpan|nahan|menahan|tahan"
)
_VIOLENCE = (
    "dipukul|dipukuli|dipukulin|dipukull|ditampar|ditendang|disiksa|dsiksa|dianiaya|disetrum|dicekik|"
    "mencekik|ditusuk|dilukai|dijambak|didorong|mendorong saya|nyiksa|mukulin saya|mukulin aku|mukul saya|"
    "mukul aku|pukul saya|pukul aku|nampar|nendang|nendang saya|nendang aku|disiram air panas|disiram|"
    "poured hot water|hot water on me|disundut|digebug|digebugan|digebuki|dithuthuki|ditampiling|didera|"
    "kena pukul|kena dera|disepak|beaten|beat me|beats me|beat us|beats us|hit me|hits me|hit us|hits us|"
    "kicked me|tortured|choked|beat her|beats her|beat him|beats him|hits her|hits him|hit her|hit him|"
    "hurt her|hurts her|beating her|beating him|beating me|beating us|stabbed|burned me|burns me|burn me|"
    "hurts me|hurt me|abuses me|abused me|tepantok|disiksa kapten|digebukin|dihajar|menghajar saya|"
    "with a belt|with a stick|pakai sabuk|pakai gagang sapu|disabet|disetrika|diseterika|with an iron"
)
_WEAPON = (
    "bawa pisau|membawa pisau|pegang pisau|acungkan pisau|mengacungkan pisau|ancam pakai pisau|"
    "with a knife|has a knife|a knife at me|coming at me|pointing a gun|bawa parang|todong|ditodong"
)
_SEXUAL = (
    "diperkosa|perkosa|memperkosa|dilecehkan|dilecehke|dilecehkeun|dicabuli|dirogol|kena rogol|dicabul|"
    "raped|rape|molested|sexually abused|sexually assaulted|forced to have sex|dipaksa berhubungan|"
    "dipaksa tidur dengan|dipaksa melayani|disuruh melayani tamu|dijadikan psk|dipaksa jadi psk|"
    "dijual ke tempat|forced into prostitution|forced to sell my body|forced sex work|dipaksa jual diri|"
    "jual diri|meraba|diraba|raba raba|meraba raba|grope|groped|gropes|groping|touches me|touching me|"
    "touched me|pegang pegang badan|pegang badan saya|pegang badan aku|memegang badan saya|"
    "sleep with him|sleep with her|forces me to sleep|melayani nafsu|sold me to a brothel"
)
_THREAT = (
    "diancam|mengancam saya|mengancam aku|mau dibunuh|akan dibunuh|diancam dibunuh|dibunuh|diugut|ugut|"
    "kena ugut|dipateni|arep dipateni|dipaehan|threatened|threatens|threaten me|threatening me|"
    "will kill me|kill me|going to kill|mau membunuh saya|ngancam|ngancem|will kill|kill her|kill him|"
    "kill us|akan membunuh|mau membunuh|bunuh saya|bunuh aku|mau bunuh|nak bunuh|ngancam saya|"
    "ngancam aku|diteror|meneror|neror"
)
_THREAT_VERB = (
    "mengancam|ancam|diancam|ngancam|ngancem|ngancam mau|neror|meneror|diteror|teror|ugut|diugut|"
    "threaten|threatened|threatening|threatens|intimidasi|mengintimidasi|mencelakai|celakai|dicelakai|"
    "hurt them|will hurt|harm my|hurt my|bakar rumah|membakar rumah|apa apakan|mengapa apakan|mau bunuh|"
    "akan bunuh|will kill|kill my|kill them"
)
_FAMILY = (
    "keluarga|keluargaku|keluarga saya|keluarga aku|keluarga sy|orang tua|orangtua|ibu saya|bapak saya|"
    "ayah saya|mama saya|emak saya|ibu aku|anak saya|anak aku|anakku|anak anak saya|istri saya|"
    "istri aku|suami saya|rumah orang tua|di kampung|kampung|ndeso|di desa|family|my family|family's|"
    "parents|my parents|my mother|my father|my mom|my dad|my wife|my husband|my kids|my children|"
    "back home|wife and kids|in indonesia|kulawarga|sepuh abdi|wong tuaku|mak ayah"
)
_SELF_HARM = (
    "bunuh diri|ingin mati|ingin mati saja|mau mati saja|saya mau mati|aku mau mati|mending mati|"
    "lebih baik mati|lebih baik aku mati|lebih baik saya mati|mengakhiri hidup|akhiri hidup|"
    "mengakhiri semuanya|mengakhiri semua ini|menyakiti diri|melukai diri|sayat tangan|menyayat tangan|"
    "potong nadi|iris nadi|gantung diri|minum racun|minum obat banyak|overdosis|supaya mati|"
    "loncat dari lantai|lompat dari lantai|loncat dari gedung|lompat dari gedung|terjun dari|"
    "loncat dari jembatan|lompat dari jembatan|tidak kuat hidup|tidak sanggup hidup|capek hidup|"
    "cape hidup|lelah hidup|nyerah hidup|menyerah hidup|menyerah sama hidup|tidak mau hidup|"
    "tidak ingin hidup|tidak ada gunanya hidup|tidak ada gunanya aku hidup|tidak ada gunanya saya hidup|"
    "buat apa hidup|untuk apa hidup|hidup tidak berguna|kepikiran mati|suicide|suicidal|kill myself|"
    "killing myself|want to die|wanna die|end my life|ending my life|end it all|ending it all|"
    "want to end it|take my own life|take my life|better off dead|wish i was dead|wish i were dead|"
    "hurt myself|harm myself|self harm|cut myself|cutting myself|do not want to live|no reason to live|"
    "no reason for me to live|not worth living|no point living|no point in living|tired of living|"
    "sick of living|can not take this life|cannot take this life|jump off|overdose|"
    "hoyong maot|hayang paeh|hoyong paeh|tidak kuat hirup|bade bunuh diri|rek bunuh diri|"
    "kesel urip|tidak kuat urip|ingin mati wae|pengin mati|kepengin mati|mati wae|ngendhat|"
    "nak mati|nak bunuh diri|tidak nak hidup|baik mati|tidak tahan hidup"
)
# Idioms with "mati" (die) that are not about dying.
_NOT_SELF_HARM = (
    "mati ketawa|mati gaya|mati lampu|mati listrik|mati penasaran|mati kutu|mati bosan|mati kelaparan nunggu|"
    "ketawa sampai mati|dying to|dying of laughter|hp saya mau mati|hp aku mau mati|hp mau mati|"
    "hpku mau mati|baterai mau mati|batre mau mati|baterai saya mau mati|phone is dying|battery"
)
_MEDICAL = (
    "pingsan|pengsan|tidak sadar|tidak sadarkan diri|kejang|kejang kejang|sesak napas|sesak nafas|"
    "susah napas|susah bernapas|tidak bisa napas|berdarah|pendarahan|perdarahan|muntah darah|keguguran|"
    "patah|patah tulang|demam tinggi|panas tinggi|sakit parah|sakit keras|gering parah|sakit banget|"
    "luka parah|keracunan|collapsed|unconscious|fainted|passed out|seizure|seizures|cannot breathe|"
    "can not breathe|bleeding|miscarriage|broken leg|broken arm|broken bone|high fever|very sick|"
    "seriously ill|badly hurt|badly injured|sikilku patah|tanganku patah|lara banget|sekarat"
)
_NOT_MEDICAL = "patah hati|sakit hati|patah semangat|hati berdarah|berdarah darah perjuangan"
_CARE_REFUSED = (
    "tidak mau bawa|tidak mau membawa|tidak mau antar|tidak mau mengantar|tidak boleh ke dokter|"
    "tidak boleh ke rumah sakit|tidak boleh ke klinik|tidak diizinkan ke|tidak izinkan ke|tidak mengizinkan|"
    "tidak diijinkan|tidak ijinkan|tidak diizinkan|larang ke|melarang|dilarang ke|tidak usah ke dokter|"
    "tidak perlu ke dokter|tidak dibawa ke|tidak mau panggil|tidak mau telpon|tidak dikasih obat|"
    "tidak diberi obat|dibiarkan|cuma suruh kerja|suruh kerja terus|disuruh kerja terus|tetap disuruh kerja|"
    "refuses|refused|refuse|will not let me go to|will not let me see|will not let her go|will not let him go|"
    "will not let her see|will not let him see|will not take me|will not take her|will not take him|"
    "will not call|not allowed to see|not allowed to go to|no doctor|no hospital|no medicine|tidak gelem|"
    "tidak oleh|tidak ngidinan|tidak diidinan|tidak bagi|tidak dibenarkan|tidak boleh berobat|tidak diobati|"
    "tidak dibolehkan|no one takes me|won't take"
)
_AT_SEA_PLACE = (
    "abk|kapal|kapal ikan|perahu|boat|ship|vessel|fishing boat|trawler|laut|tengah laut|kapten|nahkoda|"
    "nakhoda|captain|crew|crewmate|crewmates|awak kapal|at sea|onboard|on board|deck"
)
_AT_SEA_HARM = (
    _VIOLENCE + "|" + _THREAT + "|tidak boleh turun|tidak boleh merapat|tidak boleh mendarat|"
    "tidak bisa turun|will not let him off|will not let me off|will not let us off|not allowed off|"
    "cannot get off|not allowed to leave the ship|tidak dikasih makan|tidak diberi makan|no food|get no food|"
    "20 hours|20 jam|dibuang|dilempar|buang saya|jenazah|mayat|thrown|tidak dibayar bertahun"
)
_OVERBOARD = (
    "dilempar ke laut|dibuang ke laut|dibuang di laut|dicemplungkan ke laut|buang saya ke laut|"
    "buang aku ke laut|lempar ke laut|thrown overboard|thrown into the sea|throw me overboard|"
    "jenazahnya dibuang|mayatnya dibuang|body thrown"
)
_NO_MONEY = (
    "tidak punya uang|tidak ada uang|uang habis|tiada duit|no money|ndarak kepeng|tidak gaduh artos|"
    "tidak duwe duit|tanpa uang|tidak megang uang|have no money|without money"
)
_OUT_ON_THE_STREET = (
    "diusir|kicked out|thrown out|kabur|ran away|ditinggal|di jalan|di jalanan|on the street|tidur di|"
    "terlantar|di bandara|at the airport|di perbatasan"
)

RULES: tuple[DangerRule, ...] = (
    # Self-harm first: its reply (the mental-health line) differs from the trafficking card.
    _rule("self_harm", _SELF_HARM, unless=_NOT_SELF_HARM),
    # A child or teen sold, trafficked or married off.
    _rule("minor", _MINOR_AGE + "|" + _MINOR_WORD, _MINOR_HARM),
    # A medical emergency where care is refused.
    _rule("medical_refused", _MEDICAL, _CARE_REFUSED, unless=_NOT_MEDICAL),
    # Abuse at sea: on a boat and beaten, thrown overboard, never allowed ashore.
    _rule("at_sea", _OVERBOARD),
    _rule("at_sea", _AT_SEA_PLACE, _AT_SEA_HARM),
    # Threats to the family at home.
    _rule("threat_to_family", _THREAT_VERB, _FAMILY),
    _rule("threat_to_family", "hurt my family|hurt my children|hurt my kids|hurt my parents|celakai keluarga|"
          "mengancam keluarga|ancam keluarga|keluarga saya diancam|my family was threatened"),
    # Confinement: locked in, held, not allowed out.
    _rule(
        "confinement",
        _CONFINE_VERB + "|held captive|kept prisoner|held hostage|being held|is held|are held|held in a|"
        "scam compound|ditawan|kami ditahan|saya ditahan di|aku ditahan di|we are held|dijaga ketat|"
        "dijaga terus|dijaga orang|dijaga satpam|dijaga orang bersenjata|bersenjata|armed guards|"
        "guard us|guards us|watch me all the time",
        unless=_NOT_A_PERSON,
    ),
    _rule("confinement", _KEPT_IN),
    _rule("cannot_go_home", _CANNOT_GO_HOME, strength="possible"),
    # Violence.
    _rule("violence", _VIOLENCE),
    _rule("violence", _WEAPON),
    # Sexual abuse and forced sex work.
    _rule("sexual_abuse", _SEXUAL),
    # Threats to life.
    _rule("threat", _THREAT),
    # Forced work, scam compounds, trafficking in progress.
    _rule(
        "forced_work",
        "dipaksa kerja|dipaksa bekerja|kerja paksa|dipaksa menipu|disuruh menipu|dipaksa scam|dipeksa kerja|"
        "dipekso kerjo|dipekso kerja|dipaksa damel|forced to work|forced labour|forced labor|forced to scam|"
        "made to scam|saya dijual|aku dijual|dijual agen|dijual ke|dijual oleh|dijual lagi|diperdagangkan|"
        "dibawa paksa|diculik|kidnapped|being trafficked|sold me|sold to|sold her|sold him|sold us|"
        "trafficked|brothel|rumah bordil|lokalisasi|kerja scam|menipu orang online",
    ),
    _rule("ransom", "tebusan|uang tebusan|minta tebusan|ransom|ditebus"),
    # Stranded abroad with nothing.
    _rule(
        "stranded",
        "terlantar|telantar|ditelantarkan|terdampar|terkandas|keblangsak|terlunta lunta|tidur di jalan|"
        "tidur di jalanan|stranded|sleeping on the street|kabur dari majikan|kabur dari agensi|"
        "kabur dari rumah majikan|ran away from|escaped from|melarikan diri|tidak dikasih makan|"
        "tidak diberi makan|tidak pernah dikasih makan|tidak pernah diberi makan|no food|"
        "ditinggal di hutan|ditinggal calo di hutan|left in the jungle|ditinggal di tengah jalan",
    ),
    _rule("stranded", _OUT_ON_THE_STREET, _NO_MONEY),
    # A held passport alone is an abuse sign, not yet a crisis; with "cannot leave" it is one.
    _rule("document_retention", _DOCUMENT, _DOC_TAKEN, _CANNOT_GO_HOME + "|" + _KEPT_IN),
    _rule("document_retention", _DOCUMENT, _DOC_TAKEN, strength="possible"),
    _rule("stranded", _NO_MONEY, "paspor|passport|dokumen|documents|pasport", strength="possible"),
    _rule("medical", _MEDICAL, strength="possible", unless=_NOT_MEDICAL),
    _rule(
        "fear",
        "ketakutan|sangat takut|takut banget|takut sekali|so scared|really scared|very scared|terrified|"
        "mau kabur|ingin kabur|saya kabur|aku kabur|escape|hp disita|hp diambil|phone taken|took my phone|"
        "sieun pisan|saya takut dia|aku takut dia|takut dibunuh|takut dipukul|i am scared he|i am afraid he",
        strength="possible",
    ),
    _rule(
        "alarm_word",
        "darurat|emergency|bahaya|danger|in danger|urgent",
        strength="possible",
        unless="nomor darurat|emergency number|emergency numbers|emergency contact|kontak darurat|"
        "darurat itu|tombol darurat|emergency button|bahaya tidak|bahaya gak|is it dangerous|dangerous",
    ),
    _rule("sos", "sos|mayday"),
    # Cues: ordinary words on their own, evidence only next to a very confident classifier.
    _rule(
        "cue",
        "takut|sieun|wedi|scared|afraid|kabur|sembunyi|bersembunyi|hiding|hide|dijaga|guarded|dikejar|"
        "chased|nangis|menangis|crying|pisau|knife|memar|bruise|bruises|luka|injured|dimarahi|kasar|"
        "disentuh|masuk kamar|malam malam|tidak kuat|sudah tidak kuat|tidak tahan|putus asa|hopeless|"
        "depresi|stres|dikunci|diambil|disita|ditahan|tidak dibayar|tidak digaji|diusir|sendirian|"
        "tidak boleh|not allowed|cannot|tidak bisa|ancaman|marah|dipaksa|forced|paksa|nyiksa|sakit",
        strength="cue",
        unless=_NOT_A_PERSON,
    ),
)

# Whole-message pleas: "tolong", "SOS", "help me!!" with nothing else to go on means someone may be unable to
# write more. A message made only of these words raises the alarm.
PLEA_WORDS = _words(
    "tolong toloong sos help helpp tulung tulungi tulungan bantu bantuan darurat emergency mayday please "
    "saya aku kami me us i kakak admin kak min pak ibu bapak cepat segera urgent plis pls now right quickly "
    "fast asap sekarang abdi kulo tiang"
)
PLEA_CORE = _words("tolong toloong sos help helpp tulung tulungi tulungan bantu darurat emergency mayday")
# A direct call for help inside a longer message: with a "possible" medical, fear or stranded sign it is
# an alarm ("saya berdarah, tolong saya").
PLEA_PHRASES = (
    "tolong saya|tolong aku|tolong kami|tolong bantu saya|tolong cepat|tolong segera|tulung|tulungi|"
    "tulungan|please help me|help me please|somebody help|help us|sos|tolong jemput|selamatkan saya"
)
# Possible-strength categories that a direct call for help turns into an alarm.
PLEA_RAISES = frozenset({"medical", "fear", "stranded", "alarm_word"})

# Emoji. Distress alone ("😭😭😭") is worth the question "are you in danger right now?"; 🆘 is a plea.
DISTRESS_EMOJI = frozenset("😭😢😥😰😱😨😖😣😞😔💔😿🥺😩😫😧😦😟🙁☹😓🤕🩸")
SOS_EMOJI = frozenset("🆘")

# Temporal framing. Phrases, matched on the normalised tokens like the rules above.
PAST = (
    "dulu saya|dulu aku|dulu teman|dulu kakak|dulu adik|dulu tetangga|dulu waktu|dulu pas|dulu pernah|"
    "waktu dulu|zaman dulu|jaman dulu|dulunya|dahulu|tahun lalu|tahun yang lalu|bulan lalu|waktu itu|"
    "beberapa tahun|bertahun tahun lalu|years ago|last year|last month|used to|in the past|back then|"
    "once was|had been|baheula|biyen|dulu kala|pernah|dulu|kemarin dulu"
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
    "apa yang harus dilakukan jika|how can i tell|how do i know|is it true"
)
# Questions about the rules ("kalau paspor ditahan majikan itu boleh gak?"): a real cue, not yet a crisis.
# With an urgent rule they give POSSIBLE, with a possible rule NONE. A rules question is a permission word
# in a question: a "?", a question word first, or a question tag last ("boleh gak", "sah ke").
PERMISSION_WORDS = _words(
    "boleh bolehkah diperbolehkan dibolehkan oleh kenging legal illegal allowed sah wajar normal hukumnya "
    "aturannya aturan hukum melanggar"
)
QUESTION_FIRST = _words(
    "apakah apa bolehkah kalau jika emang memang is are can does do may should kalo misal"
)
QUESTION_LAST = _words("tidak kah ke ya kan kitu")
RULES_QUESTION_PHRASES = (
    "can my employer|can my agency|can an employer|can the employer|can the agency|can employers|"
    "is my employer allowed|is my agency allowed|are employers allowed|are they allowed|is it legal|"
    "apakah majikan boleh|apakah agen boleh|hak majikan|hak agen"
)
# The same words as a statement about the person: "saya tidak boleh keluar" is not a rules question.
NOT_PERMISSION_AFTER = frozenset({"tidak", "not", "dilarang"})
SAFE_NOW = (
    "sudah pulang|sudah aman|sudah selamat|sudah di rumah|sudah kembali|sekarang aman|sudah di indonesia|"
    "sudah lepas|sudah bebas|sudah diselamatkan|sudah ditangani|now safe|safe now|already home|"
    "home now|got out|was rescued|sudah dipulangkan|sudah balik|already back|sekarang di rumah|"
    "sekarang di indonesia|back in indonesia|safe at home|is safe|sudah tenang|sudah sembuh|i am fine now|"
    "fine now|sudah baikan|sudah dibawa ke dokter|took me to the doctor|bawa saya ke dokter"
)
# "sekarang" / "now" also appear in "sekarang sudah aman" (safe now): weak, SAFE_NOW overrides them.
# A prevention question overrides them too ("how can I tell if someone is being trafficked").
WEAK_PRESENT = "sekarang|now|today|hari ini|saiki|ayeuna|masih|still|keep|keeps|is being|am being|are being"
PRESENT = (
    "saat ini|lagi|sedang|tadi|barusan|malam ini|right now|currently|"
    "tonight|help me|tolong saya|tolong aku|tolong kami|tolong bantu saya|please help me|cepat|segera|"
    "sos|nuju|tulung|tulungi|tiap hari|setiap hari|every day"
)
# Someone else's story ("teman saya dulu pernah dipukul"): told in the past, it gives no alarm at all.
OTHER_PEOPLE = _words(
    "teman kawan tetangga kenalan sepupu ponakan keponakan saudara kakak adik tante om paman bibi "
    "friend friends cousin neighbour neighbor sister brother aunt uncle colleague she he her him his they "
    "dia mereka kancaku kanca batur rakan orang"
)
FIRST_PERSON_SUBJECTS = _words("i aku abdi kulo tiang")
# "dulu" after a request means "first" ("tolong jemput saya dulu"), elsewhere "in the past".
DULU_NOT_PAST_AFTER = frozenset(
    {"tolong", "bantu", "jemput", "tunggu", "sebentar", "selamatkan", "saya", "aku"}
)
# "pernah" after a negation means "never" ("tidak pernah dikasih makan"): an ongoing condition, not the past.
NEGATIONS = frozenset({"tidak", "belum", "never", "not"})
# Words that say nothing about the topic: a message made of these and one more word has too little content
# for the classifier to call it dangerous.
FUNCTION_WORDS = _words(
    "saya aku sy abdi kulo tiang kami kita kamu anda dia mereka ini itu di ke dari yang dan atau dengan "
    "untuk pada juga sudah belum lagi mau ingin bisa ada tidak ya iya kak kakak admin min mas mbak bang "
    "pak bu ibu bapak dong sih deh kok nih kah lah ah eh oh nya neng karo ning teh mah atuh kat je tu ni "
    "i me my we us you your he she it they the a an is am are was were be to of in on at for and or so "
    "just but not no yes ok oke please hi hello apa bagaimana gimana kapan dimana berapa kenapa siapa "
    "what how when where why who which do does did can will would should have has had there this that "
    "saja banget sekali sangat terus aja"
)
