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


# Chat spellings the shared normaliser (nlu/normalise.py) leaves alone but danger is written in: "gk blh
# kluar rmh", "lbh baik mati", "haven't been paid". Applied by nlu/urgent.py to the message and to every
# phrase here, after the normaliser's own abbreviations; only forms that are unambiguous in this domain.
CHAT_SPELLINGS: dict[str, str] = {
    "blh": "boleh", "bole": "boleh", "bleh": "boleh", "kluar": "keluar", "klr": "keluar",
    "plg": "pulang", "plng": "pulang", "rmh": "rumah", "kmr": "kamar", "kmrn": "kemarin", "bln": "bulan",
    "mjkn": "majikan", "mjikan": "majikan", "majikn": "majikan", "dktr": "dokter", "rs": "rumah sakit",
    "lbh": "lebih", "mendingan": "mending", "mendig": "mending", "pngn": "ingin", "pgen": "ingin",
    "pngen": "ingin", "kepengen": "ingin", "cape": "capek", "bnh": "bunuh", "tmn": "teman", "temen": "teman",
    "kyk": "kayak", "gx": "tidak", "ngk": "tidak", "nda": "tidak", "tdak": "tidak",
    "sampe": "sampai", "pake": "pakai", "mkn": "makan", "byr": "bayar", "dibyr": "dibayar", "blom": "belum",
    "bnyk": "banyak", "uda": "sudah", "tkt": "takut", "dpukul": "dipukul", "dkunci": "dikunci",
    "dsekap": "disekap", "dbunuh": "dibunuh", "nganterin": "anterin", "nganter": "anter",
    "haven't": "have not", "havent": "have not", "hasn't": "has not", "hasnt": "has not",
    "doesn't": "does not", "doesnt": "does not", "couldn't": "could not", "couldnt": "could not",
    "wouldn't": "would not", "wouldnt": "would not", "we're": "we are", "they're": "they are",
    "he's": "he is", "she's": "she is", "i've": "i have", "ive": "i have", "i'll": "i will",
    "wasn't": "was not", "aren't": "are not", "ain't": "is not", "nobody's": "nobody is",
    # Jakarta-style "-in" verbs -> the forms the phrases below use
    "dibolehin": "dibolehkan", "bolehin": "membolehkan", "ngebolehin": "membolehkan",
    "ngizinin": "mengizinkan", "ngijinin": "mengizinkan", "ngizinkan": "mengizinkan",
    "ngijinkan": "mengizinkan", "diizinin": "diizinkan", "diijinin": "diizinkan", "diijinkan": "diizinkan",
    "mengijinkan": "mengizinkan", "ngelempar": "melempar", "nglempar": "melempar", "ngelemparin": "melempari",
    "kasi": "kasih", "dikasi": "dikasih", "ngasih": "kasih",
    "jgn": "jangan", "jngn": "jangan", "jangn": "jangan", "malem": "malam", "mlm": "malam",
    "mlem": "malam", "nembak": "menembak",
    "ngintipin": "ngintip", "nginceng": "ngintip", "diem": "diam", "kmana": "kemana",
    "kemna": "kemana", "kmn": "kemana", "jodohin": "menjodohkan", "ngejodohin": "menjodohkan",
    "paspornya": "paspor", "passportnya": "passport", "pasporku": "paspor",
}

# Not allowed to ...: every way of saying it, for "keluar" (out), "pulang" (home), "berhenti" (quit).
_NOT_PERMITTED = (
    "tidak boleh", "tidak dibolehkan", "tidak diizinkan", "tidak dikasih", "tidak membolehkan saya",
    "tidak membolehkan aku", "tidak membolehkan kami", "tidak mengizinkan saya", "tidak mengizinkan aku",
    "tidak mengizinkan kami", "tidak kasih saya", "tidak kasih aku", "tidak kasih kami", "dilarang",
    "tidak oleh", "tidak entuk", "tidak bagi", "tidak kenging", "tidak dibenarkan", "tidak diidinan",
    "tidak ngidinan abdi", "tidak diparengake", "tidak pernah diizinkan", "tidak pernah dibolehkan",
    "tidak pernah dikasih", "tidak pernah boleh", "tidak pernah diberi", "tidak diberi", "tidak dibere",
    "does not let me", "do not let me", "will not let me", "never lets me", "not allowed to",
)


def _not_permitted(*targets: str) -> str:
    return "|".join(f"{neg} {target}" for neg in _NOT_PERMITTED for target in targets)


# Ages under 18 as people write them: "umur 13", "15 tahun", "14 thn", "a 15 year old", "16yo".
# A bare "2 tahun" is as often a duration ("kerja 2 tahun"), so below 10 it needs a child noun before it.
_MINOR_AGE = "|".join(
    [
        f"umur {n}|usia {n}|umurnya {n}|usianya {n}|umure {n}|yuswa {n}|{n} year old|{n} years old|{n} yo|"
        f"{n}yo|{n} yr old|anak {n} tahun|adik {n} tahun|bocah {n} tahun|gadis {n} tahun|anakku {n} tahun|"
        f"anak umur {n}|aged {n}"
        for n in range(1, 18)
    ]
    + [
        f"{n} tahun|{n} thn|{n} th|{n} taun|is {n}|she is {n}|he is {n}|i am {n}|saya masih {n}|aku masih {n}|"
        f"masih {n} tahun|abdi nembe {n}|baru {n} tahun|is only {n}|only {n} years|cuma {n} tahun|"
        f"baru {n} thn|masih {n} thn"
        for n in range(10, 18)
    ]
)
_MINOR_WORD = (
    "di bawah umur|bawah umur|dibawah umur|underage|under age|minor|minors|child|children|young girl|"
    "young girls|schoolgirl|schoolgirls|masih sd|masih smp|masih sma|anak sd|anak smp|anak sekolah|"
    "masih sekolah|anak kecil|masih kecil|anak anak|gadis kecil|gadis di bawah umur|budak|budak budak|"
    "budak bawah umur|bocah|bocah cilik|murid sd|murid smp|pelajar smp|kids|the kids|remaja|anak remaja|"
    "anak abg|teenager|teenagers|budak perempuan|budak lelaki|barudak|bocah bocah|"
    # the school they are in (a "lulusan SMP" is any age: only "baru lulus" / "kelas N" say young)
    "baru lulus smp|baru lulus sd|baru tamat smp|baru tamat sd|baru lulus dari smp|baru lulus mts|"
    "masih mts|anak mts|murid sma|pelajar sma|anak sma|siswi smp|siswa smp|siswi sd|siswi sma|"
    "junior high|middle school|primary school|elementary school|high school student|still in school|"
    "masih sekolah menengah|sekolah menengah|sekolah rendah|masih sekolah rendah|"
    + "|".join(f"kelas {n} smp|kelas {n} sd|kelas {n} sma|kelas {n} mts|smp kelas {n}|sd kelas {n}|"
               f"sma kelas {n}|tingkatan {n}|grade {n + 5}|in grade {n + 5}" for n in range(1, 7))
)
_ABROAD = (
    "luar negeri|keluarnegeri|malaysia|arab|arab saudi|taiwan|hong kong|singapura|singapore|kamboja|cambodia|"
    "myanmar|thailand|laos|brunei|sabah|serawak|sarawak|johor|dubai|qatar|oman|kuwait|yordania|turki|korea|"
    "jepang|china|cina|abroad|overseas"
)
_SENT_ABROAD = "|".join(
    f"{verb} {place}"
    for verb in ("dikirim ke", "mau dikirim ke", "diberangkatkan ke", "diberangkatin ke", "dikirim kerja ke",
                 "sent to", "sending me to", "sending her to", "sending him to", "dijual ke", "dihantar ke",
                 "dikirim nang", "dikirim ka", "dibawa calo ke", "dibawa agen ke", "dibawa sponsor ke")
    for place in _ABROAD.split("|")
)
# A trip with the family, a school contest: not a child being sent away.
_NOT_MINOR_HARM = (
    "buat sekolah|untuk sekolah|buat lomba|ikut lomba|untuk lomba|liburan|holiday|vacation|competition|"
    "wisata|pertukaran pelajar|student exchange|jalan jalan|umroh|umrah|beasiswa|scholarship|sama ayahnya|"
    "sama ibunya|sama orang tuanya|with her parents|with his parents|with their parents|with family|"
    "dengan orang tuanya|bersama keluarga|study tour|studi"
)
_MINOR_HARM = (
    "dijual|dijualin|didol|didolke|diual|dijual ke|diperdagangkan|dinikahkan|dinikahin|dikawinkan|dikawinin|"
    "dikawinkeun|dinikahkeun|dirabikeun|dijodohkan|dijodohin|nikah siri|kawin kontrak|kawin paksa|"
    "nikah paksa|married off|marry her off|marry him off|being married|to be married|forced to marry|"
    "sold|trafficked|being trafficked|lewat calo|dibawa calo|diajak calo|calo|dibawa kabur|"
    "dipekerjakan|dipaksa kerja|dipaksa bekerja|dijadikan psk|pengantin pesanan|took her|taking underage|"
    "broker|karaoke|tempat hiburan|work in a bar|kelab|across the border|diculik|kidnapped|"
    "dipalsukan|umur dipalsukan|umurnya dipalsukan|dituakan|umurnya dituakan|paspor palsu|dokumen palsu|"
    "fake passport|fake documents|fake papers|fake age|fake id|sending me to work|send me to work|sent to work abroad|"
    "sending me abroad|work abroad with|dibawa lari|digowo calo|digawa calo|dibawa agen|dibawa sponsor|"
    "dibawa pergi|dibawa orang|taken away|took them|nyebrang perbatasan|menyeberang perbatasan|"
    "diseberangkan|lewat perbatasan|ke perbatasan|over the border|cross the border|jalan tikus|"
    "dijodohkeun|dikawinkeun|dirabikeun|dinikahkeun|dikahwinkan|kahwin paksa|menjodohkan|"
    "dijodohkan paksa|makcomblang|mak comblang|marrying her off|marrying him off|marry her|"
    "nemenin tamu|menemani tamu|temenin tamu|melayani tamu|dibawa ejen|ke sempadan|sempadan|"
    "dikawinke|dirabekke|arep dikawinke|dikawinkan paksa|" + _SENT_ABROAD
)

# Married off against one's will, soon: "dijodohin paksa, acaranya besok".
_FORCED_MARRIAGE = (
    "dijodohkan paksa|dijodohin paksa|menjodohkan paksa|menjodohkan saya paksa|menjodohkan aku paksa|"
    "dipaksa nikah|dipaksa menikah|dipaksa kawin|dipaksa dinikahkan|dipaksa dikawinkan|nikah paksa|"
    "kawin paksa|perjodohan paksa|forced to marry|forced marriage|forcing me to marry|force me to marry|"
    "making me marry|dijodohkeun paksa|dipaksa kawin ku|dipeksa rabi|dipekso rabi|dipaksa rabi|"
    "dipaksa kahwin|kahwin paksa|dipaksa nikah sama|dipaksa nikah dengan|tidak mau dinikahkan|"
    "tidak mau dijodohkan|tidak mau dijodohin|tidak mau nikah sama|do not want to marry him"
)
_SOON = (
    "besok|lusa|minggu depan|minggu ini|bulan depan|acaranya|nanti malam|malam ini|hari ini|tomorrow|"
    "next week|this week|tonight|today|sesuk|isukan|esok|minggu hareup|dina minggu|akad|akadnya|ijab|"
    "ijab kabul|lamaran|dilamar|penghulu|wedding|makcomblang|mak comblang|tidak mau|do not want|"
    "tidak ingin|tolong|help"
)
_CONFINE_VERB = (
    "disekap|sekap|menyekap|nyekap|nyekep|disekep|tersekap|dikurung|dkurung|terkurung|mengurung|dikunci|"
    "dikonci|disandera|disandra|locked|locked in|locked up|confined|trapped|terperangkap|dikerangkeng|"
    "terjebak|kurung kami|kurung saya|kurung aku|ngurung|ngurung aku|ngurung saya|digembok|dikunci dari luar|"
    "dikonci ti luar|kunci saya dalam|kunci aku dalam|kunci kami dalam|kunci saya di dalam|"
    "kunci aku di dalam|ngunci aku|ngunci saya|ngunci kami|mengunci saya|mengunci aku|mengunci kami|"
    "ngonci abdi|dikonci|dikunci ning|dikunci neng|locked inside|lock me in|locks me in|locked me in|"
    "locks us in|locked us in"
)
# Accounts, phones and cards get locked too: not a person.
_NOT_A_PERSON = (
    "akun|account|accounts|rekening|atm|kartu|password|sandi|pin|facebook|fb|instagram|ig|whatsapp|email|"
    "gmail|aplikasi|app|layar|screen|sim card|simcard|koper|lemari|laci|dompet|tidak bisa dikunci|"
    "tidak bisa di kunci|tidak dikunci|cannot be locked|can not lock|cannot lock|tidak bisa mengunci|"
    "kuncinya rusak|lupa dikunci|lupa kunci|dikunci sendiri|saya kunci|kunci saya hilang|hp saya terkunci|"
    "hp terkunci|hp kekunci|hpku terkunci|phone is locked|phone locked|my phone got locked|"
    "hp dikunci|hp saya dikunci|hp aku dikunci|hpku dikunci|lupa pola|pola kunci|pola hp|kunci layar|"
    # a gate locked at a set hour is a curfew, not confinement
    "dikunci jam|digembok jam|dikunci setiap jam|dikunci tiap jam|locked at 9|locked at 10|locked at 11|"
    "jam malam|curfew|"
    # household things locked away are stinginess, not confinement
    "kipas|kipas angin|kulkas|fridge|freezer|tv|televisi|remote|wifi|router|laptop|mobil|motor|sepeda"
)
# Kept from going out: an alarm on its own.
_KEPT_IN = (
    "tidak boleh keluar|tidak diizinkan keluar|dilarang keluar|tidak bisa keluar rumah|tidak dikasih keluar|"
    "tidak kasih saya keluar|tidak kasih aku keluar|tidak dikasih keluar rumah|tidak bisa keluar dari rumah|"
    "tidak bisa keluar kamar|tidak boleh kemana mana|cannot leave the house|cannot leave|not allowed to leave|"
    "not allowed to go out|not let me leave|will not let me leave|will not let me go|will not let us leave|"
    "will not let us go|do not let me out|does not let me out|do not let us out|will not let me out|"
    "cannot go out|we cannot go out|tidak tiasa kaluar|tidak kenging kaluar|tidak iso metu|tidak oleh metu|"
    "tidak entuk metu|ndek bau lalo|tidak boleh keluar dari|tidak boleh keluar rumah|tidak bagi keluar|"
    "tidak dibenarkan keluar|never lets me leave|never let me leave|never lets me out|never let me out|"
    "tidak pernah boleh keluar|tidak pernah dikasih keluar|tidak diidinan kaluar|tidak kenging kaluar|"
    "tidak tiasa kaluar ti|tidak iso metu soko|tidak oleh metu soko|"
    + _not_permitted("keluar", "keluar rumah", "metu", "kaluar", "go out", "pergi keluar")
)
# A curfew or work-hours rule is not confinement ("jam malam asrama jam 10, tidak boleh keluar setelah itu").
_NOT_CONFINED = (
    "jam malam|curfew|setelah jam|lewat jam|di atas jam|diatas jam|sebelum jam|after 10|after 9|after 11|"
    "after dark|jam kerja|during work|work hours|working hours|saat kerja|pas kerja|waktu kerja"
)
# Cannot go home: usually a return-home question ("kontrak belum habis, tidak bisa pulang"), an alarm only
# together with a held passport.
_CANNOT_GO_HOME = (
    "tidak bisa pulang|tidak boleh pulang|tidak dibolehkan pulang|tidak bisa kabur|cannot go home|"
    "tidak iso mulih|tidak tiasa mulih|tidak boleh balik|ndek bau ulek|tidak bisa keluar|tidak oleh mulih|"
    "tidak entuk mulih|tidak entuk bali|tidak kenging mulih|tidak boleh balik kampung|tidak bagi balik|"
    "tidak bagi pulang|tidak dibenarkan balik|tidak diizinkan pulang|tidak diijinkan pulang|"
    "tidak bisa kemana mana|tidak bisa ke mana mana|tidak bisa pergi|tidak boleh pergi|can never go home|"
    "never go home|never let me go home|cannot go|can not go|pulang tidak bisa|pulang tidak boleh|"
    "moal bisa uih|moal tiasa uih|tidak bisa uih|tidak tiasa uih|tidak oleh bali|tidak entuk bali|"
    "tidak bisa balik|tidak bisa mulih|will never go home"
)
_DOCUMENT = (
    "paspor|passport|pasport|passports|dokumen|documents|ktp|id card|iqama|permit|work permit|surat surat|"
    "surat suratnya|surat suratku"
)
# Held and unable to leave, call or get out without paying: what turns a held passport into a crisis.
_PAY = (
    "bayar|membayar|mbayar|pay|paid|harus bayar|suruh bayar|disuruh bayar|minta bayar|kudu mbayar|"
    "tebus|menebus|nebus|denda"
)
_TO_LEAVE = "pulang|balik|mulih|uih|to leave|go home|leave|keluar|kabur|pindah"
# Paying for the ticket or a renewal is ordinary: "mau pulang bayar tiket sendiri kah?".
_NOT_RANSOM = (
    "tiket|ticket|tickets|ongkos|pesawat|flight|airfare|perpanjangan|perpanjang|renew|renewal|visa|"
    "biaya pulang sendiri|bayar sendiri|pay myself|pay for my own"
)
_NO_CONTACT = (
    "tidak boleh telpon|tidak boleh telepon|tidak boleh nelpon|tidak boleh menelepon|tidak boleh hubungi|"
    "tidak boleh menghubungi|tidak boleh pegang hp|tidak boleh pakai hp|tidak boleh main hp|hp disita|"
    "hp diambil|not allowed to call|cannot call|will not let me call|tidak bisa hubungi|tidak bisa menghubungi|"
    "tidak bisa telpon|tidak bisa telepon|tidak bisa kontak|cannot contact|can not contact|tidak bagi telefon|tidak boleh telefon|"
    "tidak oleh telpon|tidak kenging nelepon|took my phone|phone taken|minta tolong dipulangkan|"
    "tolong dipulangkan|tolong pulangkan|ingin dipulangkan|mau dipulangkan|help me go home|"
    "locks the gate|locked the gate|gerbang dikunci|pintu dikunci|never go home|can never go home|"
    "will never go home|tidak akan bisa pulang|tidak bakal bisa pulang"
)
_DOC_TAKEN = (
    "ditahan|diambil|disita|dirampas|disimpan|dipegang|dijupuk|dicandak|kena ambil|taken|took|kept|"
    "confiscated|holds|held|keeps|ditahan majikan|diambil majikan|teambil|simpan|nahan|menahan|tahan|"
    "ambil|ngambil|mengambil|pegang|megang|memegang|dicokot|nyandak|rampas|sita|nyita|hides|hid|hidden|"
    "hide|keeping|took away|disorok|sorok|disembunyikan|sembunyikan|nyembunyiin|dijupuk|njupuk|disobek|"
    "disobék|dirobek|disobek sobek|tore|torn|ripped|dibakar|nyekel|dicekel|di agensi|di agen|sama agen|"
    "sama majikan|di majikan|di bos|sama bos"
)
# What turns a held passport into a crisis, said in everyday words: it will not be given back, work or pay
# to get it, forced to sign.
_NOT_RETURNED = (
    "tidak akan kasih|tidak mau kasih|tidak mau kembalikan|tidak mau mengembalikan|tidak dikembalikan|"
    "tidak dikasih balik|tidak mau balikin|tidak dibalikin|will not give|does not give|do not give|"
    "will not return|refuses to return|refuse to give|keep working or pay|must keep working|or pay|"
    "harus tetap kerja|harus terus kerja|paksa|dipaksa|tidak boleh nolak|tidak boleh menolak|exit visa|"
    "sampai ada pengganti|kalau mau paspor|kalau mau ambil|mau pulang tidak bisa|asking for 1 year|"
    "minta tidak dikasih|minta tidak diberi|tidak dikasih|tidak diberi"
)
# "I hold it myself", "got it back": not retention.
_DOC_MINE = (
    "saya pegang|aku pegang|sudah saya pegang|saya simpan|aku simpan|disimpan sendiri|simpan sendiri|"
    "pegang sendiri|i keep|i hold|i have my passport|sudah diambil lagi|sudah dikembalikan|dikembalikan|"
    "got it back|sebaiknya|lebih baik|boleh tidak|bolehkah"
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
    "with a belt|with a stick|pakai sabuk|pakai gagang sapu|disabet|disetrika|diseterika|with an iron|"
    # Javanese, Sundanese and Malay chat
    "ngantemi|ngantemi aku|diantemi|dikepruk|digebugi|ditabok|nabok aku|ditempeleng|nempeleng|ditonjok|"
    "nonjok saya|nonjok aku|ditinju|dijotos|dipenthung|dipentung|ditapuk|ditajong|najong abdi|dipeupeuh|"
    "diteunggeul|neunggeul abdi|dicabok|dibelasah|kena belasah|belasah saya|dilempang|kena lempang|"
    "tumbuk saya|dicekek|nyekek|nyekik|dicekik|dibenturin|dibenturkan|dijedotin|dijedotkan|dibenturkeun|"
    "benturkan kepala|pulls my hair|pulled my hair|pull my hair|beat a crewmate|beaten to death|"
    "beat him to death|beat to death|punched me|punches me|slapped me|slaps me|kicks me|strangled|"
    # things thrown at the person
    "lempar saya|lempar aku|lempar kami|melempar saya|melempari saya|dilempari|dilempar pakai|"
    "dilempar gelas|dilempar piring|dilempar barang|lempar pakai|throws things at me|threw things at me|"
    "throwing things at me|threw a plate at me|ngalungkeun|dibaledog|dibalangan|dibalang|dibalangi|"
    "mbalang aku|campak barang|"
    # everyday words: twisted, whipped, burned, pushed, stabbed
    "dipelintir|dipelintirin|dipuntir|dipecut|dipecuti|dicambuk|dicambuki|dicemeti|burned my|burnt my|"
    "burns my|burned her|burns her|kicks her|kicked her|kicks him|kicked him|kick me|pushed me down|"
    "pushed her down|pushed him down|pushed me|pushes me|down the stairs|sundutan rokok|disundut rokok|"
    "sundut rokok|tusuk saya|tusuk aku|nusuk saya|menusuk saya|tusuk kawan|tusuk teman|menusuk kawan|"
    "menusuk teman|dijejek|diidek|dipithes|digampar|gampar saya|digaplok|ditabok|diinjak|diinjek|"
    "menginjak saya|stepped on me|whipped|whips me|strangles|chokes me|dibanting|banting saya|"
    "mukul pakai|mukul pake|pukul pakai|pukul pake|memukul pakai|mukul dengan|pukul dengan|"
    "tendang perut|tendang saya|tendang aku|menendang saya|ditendangi|diseret|nyeret saya"
)
# Bruised or swollen body with the person who did it around: "badannya penuh lebam", "muka biru biru".
_BRUISED = (
    "lebam|lebam lebam|memar|memar memar|biru biru|babak belur|bruises|bruised|black eye|benjol|abuh|"
    "bonyok|bengep|penuh luka|luka luka|bekas pukulan|bekas cambuk|bekas luka"
)
_BODY = (
    "badan|badannya|badanku|badan saya|muka|mukanya|mukaku|wajah|wajahnya|punggung|punggungnya|pipi|"
    "pipinya|mata|matanya|kepala|kepalanya|tangan|tangannya|lengan|lengannya|kaki|kakinya|paha|leher|"
    "body|face|back|arms|arm|legs|neck|raiku|rai|awak|awake|sirah|awakku|penuh"
)
_HARMER = (
    "majikan|majikannya|bos|boss|tauke|towkay|madam|nyonya|sir|tuan|mandor|kapten|tekong|agen|calo|"
    "sponsor|juragan|dunungan|kafil|mami|suami majikan|anak majikan|employer|rumah bos|rumah majikan|"
    "dipukul|digebuk|dihajar|dianiaya|pukul|hajar|gebuk|siksa"
)
_NOT_BRUISED = (
    "jatuh sendiri|terjatuh|kepleset|tergelincir|olahraga|main bola|kecelakaan motor|accident|fell off|"
    "tidak sengaja|accidentally|alergi|allergy|digigit|nyamuk|mosquito|obat apa|salep|ointment"
)
# Things thrown at the person: "majikan ngelempar piring ke sy".
_THROW = (
    "lempar|melempar|dilempar|dilempari|melempari|lempari|ngalungkeun|dibaledog|baledog|throws|threw|"
    "throwing|thrown at|baling|campak|mbalang|dibalang|dibalangi|nyawat|disawat"
)
_THROWN_AT = (
    "ke kepala saya|ke kepalaku|ke muka saya|ke mukaku|at me|at my head|at my face|piring|gelas|sepatu|"
    "botol|kursi|panci|setrika|hanger|asbak|mangkok|sendal|sandal|plate|plates|glass|bottle|chair|shoe|"
    "things at me|barang ke saya|barang ke aku|batu ke saya|ke saya|ke aku|ke kami|ke arah saya|"
    "ke arahku|ke arah aku|at us|ka abdi|nang aku|neng aku|kat saya|pada saya|ke badan saya|ke badanku"
)
# Hurt now: "tangan luka", "kepala sy berdarah", "my arm is bleeding".
_INJURY = (
    "luka|terluka|berdarah|berdarah darah|bleeding|memar|lebam|bengkak|benjol|sobek|robek|getihen|"
    "getihan|injured|hurt|bruised|bruises|cut|wounded|patah|broken|tatu|babak belur|benjut|ngucur darah|"
    "darah|blood"
)
# Raging now and still there: "masih di rumah", "he is still here".
_RAGING = (
    "ngamuk|mengamuk|mabuk|mabok|marah marah|ngamuk ngamuk|amuk|drunk|rampage|violent|lempar|melempar|"
    "dilempar|ngelempar|banting|membanting|mukul|memukul|nyerang|menyerang|attacked|ngamuk amuk"
)
_STILL_THERE = (
    "masih di rumah|masih di sini|masih disini|masih ada|masih di dapur|masih di luar|masih di depan|"
    "belum pergi|blm pergi|masih di kamar|still here|still in the house|still home|still at home|"
    "still there|is still here|is still outside|isih neng omah|isih ning omah|isih neng kene|masih aya|"
    "masih kat rumah|masih di ruang|di luar kamar|outside my door|depan kamar|masih nunggu"
)
_NOT_THROWN = (
    "bola|ball|sampah|rubbish|trash|tempat sampah|lempar lembing|batu ke laut|dadu|dice|senyum|smile|"
    "kode|pertanyaan|question|joke|candaan|lelucon|kiss|ciuman|gombal|tanggung jawab|kerjaan|tugas|"
    "kesalahan|masalah|blame|responsibility|pekerjaan|mainan|toy|toys|bantal|pillow|handuk|towel|kunci|keys"
)
_WEAPON = (
    "bawa pisau|membawa pisau|pegang pisau|acungkan pisau|mengacungkan pisau|ancam pakai pisau|"
    "with a knife|has a knife|a knife at me|coming at me|pointing a gun|bawa parang|todong|ditodong|"
    "knife to my|gun to my|knife at my|gun at my|gun at me|at my throat|at my neck|held a knife|held a gun|"
    "pointed a gun|points a gun|pointed a knife|nodong|menodong|nodongin|nodongkan|ditodongin|"
    "ditodong pistol|ditodong senjata|ditodong pisau"
)
# Pointing or threatening with a weapon: "ngancam pake pisau", "ngacungke lading nang aku".
_BRANDISH = (
    "ngancam|ngancem|mengancam|ancam|diancam|ngacungke|ngacungake|ngacungin|ngacungkan|acungkan|"
    "mengacungkan|diacungi|diacungkan|acungin|ngarahin|mengarahkan|diarahkan|nempelin|menempelkan|"
    "ditempelkan|pointed|pointing|points|point|threatened|threatens|threatening|ugut|diugut|"
    "ngacungaken|ngancam ku"
)
_ARM = (
    "pistol|pistolnya|senjata|senjata api|senapan|bedil|gun|guns|rifle|knife|pisau|pisaunya|golok|parang|"
    "celurit|clurit|arit|lading|peso|pedang|machete|cutter|gunting|sangkur|badik|kapak|axe|bedog|"
    "ada pistol|punya pistol|bawa pistol|has a gun|have a gun|got a gun"
)
# A weapon together with death talk: "dia kata 'kau balik mati'. serius dia ada pistol".
_DEATH_TALK = (
    "mati|bunuh|dibunuh|maehan|kill|killed|die|dead|tembak|ditembak|shoot|habisi|dihabisi|mateni|paehan"
)
_NOT_ARMED = (
    "pistol air|pistol mainan|pistol pistolan|pistolan|toy gun|water gun|nerf|mainan|game|film|movie"
)
# "kalau kabur ditembak", "if we run they will shoot us": death for trying to leave or to speak.
_IF_LEAVE = (
    "kabur|lari|melarikan diri|run|runs|ran|escape|escapes|lapor|melapor|report|ngelawan|melawan|"
    "minggat|mlayu|kabur wae|kabor|tell anyone|ngomong|bilang siapa siapa|keluar|nekat|balik|pulang|"
    "minta balik|minta pulang"
)
_KILLED = (
    "ditembak|tembak|kena tembak|menembak|shoot|shot|shoot us|shoot me|shoot you|dibunuh|bunuh|dihabisi|"
    "dihabisin|dimatiin|dipateni|dipaehan|kena bunuh|dibedil|will be killed|be killed|get killed|dibacok|"
    "dibuang di gurun|dibuang ke gurun|dibuang ke laut|dibuang di hutan|dibuang ke hutan|balik mati|"
    "pulang mati"
)
_NOT_KILLED = (
    "polisi|police|berita|news|film|movie|game|foto|photo|bola|basket|gol|goal|sampah|mati lampu|mati listrik|"
    "hp mati|visa mati|paspor mati|masa berlaku|expired|overstay"
)
# "jgn macem2 kalau mau selamat": do as you are told if you want to live.
_OR_ELSE = (
    "jangan macam macam|jangan macem macem|jangan aneh aneh|jangan lapor|jangan bilang siapa siapa|"
    "jangan kabur|jangan lari|jangan melawan|jangan ngelawan|diam saja|tutup mulut|keep quiet|"
    "do not tell anyone|do not try anything|ojo neko neko|ojo macem macem|ulah macem macem|ulah aneh aneh|"
    "jangan cuba|jangan nak lari|do not run|do not report|jangan ngadu"
)
_IF_YOU_WANT_TO_LIVE = (
    "kalau mau selamat|kalau masih mau selamat|kalau ingin selamat|kalau masih ingin selamat|"
    "kalau mau hidup|kalau masih mau hidup|kalau masih ingin hidup|kalau sayang nyawa|"
    "kalau masih sayang nyawa|if you want to live|if you want to stay alive|if you value your life|"
    "if you want to be safe|nek pengen slamet|nek isih pengen urip|lamun hayang salamet|"
    "lamun hoyong salamet|kalau nak selamat|kalau nak hidup|or else|or you will die|or they will kill"
)
_SEXUAL = (
    "diperkosa|perkosa|memperkosa|dilecehkan|dilecehke|dilecehkeun|dicabuli|dirogol|kena rogol|dicabul|"
    "raped|rape|molested|sexually abused|sexually assaulted|forced to have sex|dipaksa berhubungan|"
    "dipaksa tidur dengan|dipaksa melayani|disuruh melayani tamu|dijadikan psk|dipaksa jadi psk|"
    "dijual ke tempat|forced into prostitution|forced to sell my body|forced sex work|dipaksa jual diri|"
    "jual diri|meraba|diraba|raba raba|meraba raba|grope|groped|gropes|groping|touches me|touching me|"
    "touched me|pegang pegang badan|pegang badan saya|pegang badan aku|memegang badan saya|"
    "sleep with him|sleep with her|forces me to sleep|melayani nafsu|sold me to a brothel|"
    "pegang pegang saya|pegang pegang aku|megang megang saya|megang megang aku|raba badan|raba saya|"
    "raba aku|raba tubuh|grepe|grepe grepe|grepein|digrepe|digerayangi|menggerayangi|digerayangan|"
    "ngagerayangan|dirampa|dicium paksa|dipeluk paksa|cium paksa|peluk paksa|ngintip saya mandi|"
    "ngintip aku mandi|intip saya mandi|diintip mandi|forced to do sex|forced into sex|made to have sex|"
    "dijadiin pelacur|dijadikan pelacur|dipaksa jadi pelacur|disuruh jadi pelacur|dijual jadi pelacur|"
    "dijadiin psk|dijadikan lc|dipaksa jadi lc|dipaksa jadi wanita penghibur|dijadikan wanita penghibur|"
    "dipaksa melacur|forced to work as a prostitute|suruh saya telanjang|suruh aku telanjang|"
    "suruh telanjang|disuruh telanjang|dipaksa telanjang|disuruh buka baju|dipaksa buka baju|"
    "made me undress|forced me to undress|told me to undress|make me undress|comes to my bed|"
    "comes to her bed|came to my bed|came to her bed|into my bed|into her bed|naik ke kasur saya|"
    "naik ke ranjang saya|masuk ke kasur|nyelinap ke kamar|nyelonong ke kamar|nyekel nyekel aku|"
    "nyekel nyekel|megang megang aku|dipaksa tidur sama|dipaksa tidur bareng"
)
# Asked to bed, with a threat for saying no: "ajak saya tidur dengan dia, kalau tak nak dia potong gaji".
_ASKS_TO_BED = (
    "ajak saya tidur|ajak aku tidur|ngajak tidur|ngajak saya tidur|ngajak aku tidur|ajak tidur|"
    "tidur dengan dia|tidur sama dia|tidur bareng dia|sleep with him|sleep with her|sleep with me|"
    "minta dilayani|minta tidur|have sex|berhubungan badan|berhubungan intim"
)
_IF_REFUSED = (
    "kalau tidak mau|kalau tidak nak|kalau saya tidak mau|kalau aku tidak mau|kalau menolak|kalau nolak|"
    "if i refuse|if i say no|if i do not|or he will|or she will|or else|potong gaji|dipecat|pecat|"
    "hantar balik|dipulangkan|deport|send me back|tidak digaji|dipaksa|forced|atau dia"
)
# Coming into the bedroom, or banging on its door, at night.
_INTO_ROOM = (
    "masuk kamarku|masuk kamar saya|masuk kamar aku|masuk ke kamar saya|masuk ke kamar aku|masuk ke kamarku|"
    "mlebu kamarku|mlebu nang kamarku|mlebu neng kamarku|mlebu kamar aku|asup ka kamar abdi|diasupan kamar|"
    "comes into my room|come into my room|came into my room|enters my room|entered my room|into my room|"
    "into my bedroom|masuk bilik saya|masuk ke bilik saya|pintu kamar saya|pintu kamarku|pintu kamar aku|"
    "lawang kamarku|panto kamar abdi|pintu bilik saya|banging on my door|bangs on my door|"
    "banging on my bedroom door|my bedroom door|dobrak pintu kamar|masuk kamar adik|masuk kamar kakak|"
    "masuk kamarnya|masuk kamar istri|masuk kamar anak saya|into her room|comes into her room|to her bed|"
    "to my bed|ngetrok panto kamar|ngetok pintu kamar|ketok pintu kamar|ngetuk pintu kamar|"
    "mengetuk pintu kamar|ketok ketok pintu|knocks on my door|knocking on my door"
)
_DRUNK_OR_FORCED = "mabuk|mabok|drunk|dipaksa|forced|maksa|memaksa|paksa|telanjang|naked|raba|grepe"
_NOT_INTO_ROOM = (
    "bangunin|membangunkan|bangunkan|buat ambil|untuk ambil|ambil barang|to wake me|to get|bersihin|"
    "membersihkan|buat ngecek|minta tolong|nganter makanan|antar makanan|kirim makanan"
)
# Peeping while the person bathes or changes.
_PEEP = (
    "ngintip|intip|mengintip|diintip|ngintip ngintip|peeping|peeps|peeped|peek|peeks|peeking|spying on me|"
    "spies on me|watches me|watching me|ngintai|mengintai|nginjen|ngintip abdi|ngintip aku|ngintip saya|"
    "record me|recording me|merekam saya|ngerekam aku|videoin saya|videoin aku|moto saya"
)
_BATHING = (
    "mandi|pas mandi|lagi mandi|sedang mandi|adus|pas adus|siram|shower|showering|bath|bathing|"
    "kamar mandi|bathroom|ganti baju|ganti pakaian|changing clothes|changing|undressing|undress|"
    "wc|toilet|bilik air|jamban|telanjang|naked"
)
# Trying the bathroom or bedroom door: "coba buka pintu kamar mandi pas sy mandi".
_TRIES_DOOR = (
    "coba buka|nyoba buka|nyoba membuka|mencoba buka|mencoba membuka|berusaha buka|berusaha membuka|"
    "tries to open|tried to open|trying to open|try to open|gedor|gedor gedor|ngegedor|menggedor|"
    "digedor|dobrak|mendobrak|ngedobrak|didobrak|nyoba mbukak|njajal mbukak|nyobaan muka|"
    "cuba buka|cuba membuka|narik narik gagang|tarik tarik gagang|buka paksa|dibuka paksa|"
    "forced the door|force the door|jiggles the door|rattles the door|knocking on my door"
)
_PRIVATE_DOOR = (
    "pintu kamar mandi|kamar mandi|bathroom door|bathroom|pintu kamar saya|pintu kamarku|pintu kamar aku|"
    "pintu kamar|my door|my bedroom|my room|bedroom door|pintu bilik|bilik air|lawang kamar|panto kamar|"
    "panto|lawang|pas saya mandi|pas aku mandi|when i shower|while i shower|when i bathe"
)
_NOT_DOOR = (
    "macet|rusak|stuck|jammed|broken|kuncinya hilang|lupa kunci|ketinggalan kunci|terkunci sendiri|"
    "tukang|locksmith|anak kecil|bayi|baby|toddler|kucing|cat|dog|anjing|" + _NOT_INTO_ROOM
)
# Forced to entertain guests or sell sex: "dipaksa nemenin tamu", "made me sell sex".
_FORCED = (
    "dipaksa|paksa|terpaksa disuruh|kena paksa|dipekso|dipeksa|disuruh|forced|forces|force|forcing|made me|"
    "make me|makes me|made us|make us|makes us|harus|wajib|must|have to|tidak boleh nolak|"
    "tidak boleh menolak|cannot refuse|can not refuse|tidak bisa nolak|tidak bisa menolak"
)
_SEX_WORK = (
    "sex work|sex worker|sell sex|selling sex|sell my body|sell our bodies|sleep with customers|"
    "sleep with clients|sleep with men|sleep with guests|have sex with|do sex|nemenin tamu|menemani tamu|"
    "temenin tamu|nemani tamu|ngancani tamu|ngalayanan tamu|melayani tamu|layan tamu|layani tamu|"
    "layan pelanggan|melayani pelanggan|layani pelanggan|prostitution|prostitute|escort|jual diri|"
    "nemenin laki laki|nemenin om om|nemenin pria|tidur dengan tamu|tidur sama tamu|tidur dengan pelanggan|"
    "jadi lc|pemandu lagu|wanita penghibur|hostess|open bo|booking out|entertain guests|entertain customers|"
    "entertain men|entertain clients|sleep with them|sleep with him|have sex with them"
)
_NOT_SEX_WORK = (
    "check in|check out|resepsionis|receptionist|hotel staff|tour|guide|keliling|makan malam keluarga|"
    "arisan|pengajian|acara keluarga|tamu majikan makan|sajikan|hidangkan"
)
_AT_NIGHT = (
    "malam|malam malam|tengah malam|tiap malam|setiap malam|bengi|bengi bengi|wengi|peuting|tengah peuting|"
    "at night|every night|tonight|in the night|pas tidur|waktu tidur|saat tidur|while i sleep|"
    "while i am sleeping|while i was sleeping|when i sleep|pas saya tidur|dini hari|subuh subuh|pas aku tidur|"
    "waktu aku tidur|waktu saya tidur|saat aku tidur|saat saya tidur|lagi tidur|sedang tidur|when i was asleep|"
    "while asleep|pas abdi sare|nalika aku turu|pas aku turu"
)
_MASSAGE = (
    "minta dipijat|minta dipijit|minta dipijet|suruh pijat|suruh mijit|disuruh pijat|disuruh mijit|"
    "minta pijat|minta pijit|dipijet|massage him|massage her|give him a massage|minta diurut|njaluk dipijet"
)
_TOUCH = (
    "pegang badan|pegang pegang|pegang saya|pegang aku|megang saya|megang aku|megang megang|raba|meraba|"
    "grepe|cium saya|cium aku|nyium saya|nyium aku|peluk saya|peluk aku|meluk saya|meluk aku|touch me|"
    "touches me|touching me|touched me|kiss me|kissed me|buka baju|telanjang|naked|celana|paha|dada|"
    "payudara|pantat|badan saya|badanku|tubuh saya|tubuhku|my body|my chest|my breast"
)
_THREAT = (
    "diancam|mengancam saya|mengancam aku|mau dibunuh|akan dibunuh|diancam dibunuh|dibunuh|diugut|ugut|"
    "kena ugut|dipateni|arep dipateni|dipaehan|threatened|threatens|threaten me|threatening me|"
    "will kill me|kill me|going to kill|mau membunuh saya|ngancam|ngancem|will kill|kill her|kill him|"
    "kill us|akan membunuh|mau membunuh|bunuh saya|bunuh aku|mau bunuh|nak bunuh|ngancam saya|"
    "ngancam aku|diteror|meneror|neror|atau dia bunuh|atau dibunuh|atau saya dibunuh|atau aku dibunuh|"
    "dia bunuh saya|dia bunuh aku|rek maehan|bade maehan|arep mateni|arep dipateni|mau dihabisi|"
    "mau dihabisin|or he will kill|or they will kill|or i will be killed"
)
# A death or a disappearance promised for leaving or telling: "kalau kami cerita ke polisi anak saya bakal
# hilang", "klo sy berani pulang adek sy yg kena".
_IF_TELL = (
    "lapor|melapor|report|cerita ke polisi|cerita ke siapa|bilang ke polisi|ngadu|mengadu|tell anyone|"
    "tell the police|berani pulang|nekat pulang|nekat|kabur|lari|run away|escape|minta pulang|minta balik|"
    "buat report|report polis|lapor polisi|lapor polis|bilang siapa siapa"
)
_KIN = (
    "keluarga|keluargaku|keluarga saya|keluarga aku|keluarga kami|anak saya|anak aku|anakku|adik saya|"
    "adek saya|adikku|adekku|adik aku|istri saya|istriku|suami saya|suamiku|salaki|pamajikan|orang tua|"
    "orangtua|ibu saya|bapak saya|mak saya|family|my family|my kids|my son|my daughter|my wife|my husband|"
    "kulawarga|anak abdi|wong tuaku"
)
_WILL_PAY = (
    "kena|yang kena|tanggung|akan tanggung|menanggung|tanggung akibat|akibatnya|hilang|bakal hilang|"
    "dicelakai|celaka|nyakitin|menyakiti|dibunuh|mati|dihabisi|will pay|will suffer|will disappear|"
    "disappear|get hurt|be hurt|will be hurt|rasain|tahu akibatnya"
)
_NOT_THREAT = (
    "kena denda|kena pajak|kena biaya|kena potong|kena blacklist|kena hukum|kena sanksi|dipenjara|"
    "hilang kontak|hilang paspor|paspor hilang|hp hilang|dokumen hilang|uang hilang|kena tipu"
)
# Fear that someone means harm: "sy takut mrk mau nyakitin dia".
_MEANS_HARM = (
    "mau nyakitin|mau menyakiti|mau mencelakai|mau nyelakain|mau mukul|mau bunuh|mau membunuh|"
    "will hurt|going to hurt|want to hurt|mau ngapa ngapain|ngapa ngapain dia|mau apa apain|"
    "muter muter depan rumah|di depan rumah terus|nungguin di depan rumah|ngikutin saya|ngikutin aku|"
    "following me|is following|outside our house|outside my house"
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
    "nak mati|nak bunuh diri|tidak nak hidup|baik mati|tidak tahan hidup|"
    "tidak sanggup lagi hidup|tidak kuat lagi hidup|tidak mau lagi hidup|tidak ingin lagi hidup|"
    "tidak tahan lagi hidup|tidak sanggup menjalani hidup|capek hidup|mending mati|mending aku mati|"
    "mending saya mati|luwih becik mati|luwih becik aku mati|mending paeh|leuwih hade paeh|hayang maot|"
    "hoyong ngeureunkeun hirup|tidak guna hidup|tiada guna hidup|tidak berguna hidup|tamatkan hidup|"
    "tamatkan semuanya|tamatkan riwayat|akhiri semuanya|nobody would miss me|no one would miss me|"
    "nobody will miss me|no one will miss me|nobody cares if i die|better off without me|"
    "better without me|tidak ada yang kehilangan|tidak ada yang bakal kehilangan|"
    "tidak ada yang akan kehilangan|tidak bakal ada yang kehilangan|tidak akan ada yang kehilangan|"
    "lebih baik tanpa aku|lebih baik tanpa saya|pills ready|obat tidur banyak|"
    "minum semua obat|telan semua obat|kill my self|end myself|ingin mati saja|ingin mati aja|"
    "ingin mati rasanya|rasanya ingin mati|tidak ingin urip|wegah urip|emoh urip|tidak pengin urip|"
    "tidak ingin hidup lagi|rasanya tidak ingin hidup|nyilet tangan|nyilet lengan|sayat lengan|"
    "cutting myself|cut myself again|cut my wrists|cut my wrist|cut my arms|cut my arm|cutting my arms|"
    "cutting my wrists|self harming|self harmed|menyilet tangan|menyayat lengan|nyayat tangan|"
    "nyayat lengan|silet tangan|ngilang dari dunia|menghilang dari dunia|hilang dari dunia|"
    "ngilang saja dari dunia|hilang saja dari dunia|lenyap dari dunia|tidak kuwat urip|wis tidak kuwat urip|"
    "nyusul bapak|nyusul ibu|nyusul almarhum|nyusul almarhumah|nyusul suami|nyusul emak|nyusul ayah|"
    "jump from the|jump off the|i just jump|better for everyone if i|lebih baik saya tidak ada|"
    "lebih baik aku tidak ada|mending saya tidak ada|mending aku tidak ada|aku wis tidak ono|"
    "tidak ada lagi di dunia|ojo digoleki"
)
# A last letter or message with no strength left: "sy udh gk sanggup, titip salam buat anak2".
_LAST_WORDS = (
    "titip salam buat anak|titip salam untuk anak|titip anak|bilang ibunya sayang|bilang ibu sayang|"
    "bilang bapaknya sayang|surat untuk anak|surat buat anak|surat buat anakku|surat untuk anakku|"
    "nulis surat|tulis surat|menulis surat|wrote a letter|letter for my|tell my kids|tell my mother|"
    "tolong bagitau mak|tolong bilang ke ibu|tolong kasih tahu ibu|bagitau mak saya"
)
_NO_STRENGTH = (
    "tidak sanggup|sudah tidak sanggup|tidak kuat|tidak kuat lagi|tidak tahan|sudah tidak tahan|"
    "tidak ada lagi|tidak ono|tidak ada gunanya|jalan satu satunya|only way|lantai 30|lantai 20|"
    "liat jendela|lihat jendela|jendela lantai|from the window|tidak ada yang peduli|nobody cares|"
    "putus asa|hopeless|capek hidup"
)
_NOT_LAST = (
    "kontrak|contract|pindah|pulang kampung|cuti|resign|libur|mudik|ulang tahun|birthday|lebaran"
)
# Cutting: "nyilet tangan", "sayat lengan", "i cut my arms".
_CUT = (
    "nyilet|menyilet|disilet|silet|nyayat|menyayat|sayat|disayat|sayatan|iris|ngiris|mengiris|cut|cuts|"
    "cutting|nyilet nyilet|goresan|nggores|menggores|gores|bekas silet|bekas sayatan|ngeris|kerat|"
    "mengerat|nyeset"
)
_OWN_BODY = (
    "tangan|tanganku|tangan saya|tangan aku|lengan|lenganku|lengan saya|pergelangan|nadi|paha|pahaku|"
    "kulit|wrist|wrists|my arm|my arms|my wrist|my skin|my legs|my thigh|myself|diri|diri sendiri|"
    "awakku|tanganku dhewe|leungeun|pigeulang"
)
_NOT_CUT = (
    "kena silet|kena pisau|ketiban|kena cutter|tidak sengaja|accidentally|bawang|sayur|daging|kue|cake|"
    "kardus|kertas|rambut|hair|kuku|nails|kain|bahan|buah|fruit|vegetables|onion|meat|kayu|paper|"
    "cut off|cut my hair|cut the|cutting the|cutting board|cut gaji|potong gaji|pay cut|cut my salary|"
    "masak|memasak|cooking|kerja di dapur|gunting kuku|operasi|surgery|dokter"
)
_NO_MORE = (
    "tidak tahan|sudah tidak tahan|tidak tahan lagi|tidak kuat|tidak kuat lagi|tidak kiat|sudah tidak kiat|"
    "tidak sanggup|putus asa|hopeless|cannot take it|can not take it|cannot take it anymore|"
    "tidak betah|capek|lelah|tired|give up|menyerah|nyerah|ora kuat|tidak kuat maneh"
)
_HURT_SELF = (
    "nyakitin diri|nyakiti diri|menyakiti diri|nyiksa diri|menyiksa diri|ngelukain diri|melukai diri|"
    "nglarani awakku|nyiksa awak|nyiksa diri sendiri|nyakitin diri sendiri|hurt myself|harm myself|"
    "hurting myself|self injury|self harm|menyakiti badan|siksa diri|cederakan diri|sakiti diri"
)
# A farewell for a move, a trip or a new job: "pamit dulu ya semua, besok aku pindah kerja".
_NOT_FAREWELL = (
    "pindah kerja|pindah kota|pindah rumah|pulang kampung|berangkat|pindah majikan|resign|mudik|ganti nomor|"
    "new job|moving|balik kampung|aku pulang|saya pulang|kontrak habis|finish contract|ganti hp"
)
# Ready to act: a rope or pills set aside, about to jump.
_PREPARED = (
    "siapin tali|siapkan tali|nyiapin tali|nyiapke tali|menyiapkan tali|tali sudah siap|tali buat gantung|"
    "prepared a rope|rope ready|got a rope|siapin racun|beli racun|sudah ada racun|siapin obat|"
    "kumpulin obat|ngumpulin obat|saved up pills|stockpiled pills|mau loncat|ingin loncat|mau lompat|"
    "ingin lompat|mau terjun|arep mlumpat|arep ngluncat|hoyong luncat|nak terjun|going to jump|about to jump|"
    "want to jump"
)
_STANDING_HIGH = (
    "standing on the roof|standing on the ledge|standing on the edge|on the ledge|berdiri di atap|"
    "berdiri di pinggir atap|berdiri di tepi atap|berdiri di atas atap|berdiri di atas gedung|"
    "berdiri di pinggir jembatan|berdiri di jembatan|berdiri di atas jembatan|ngadeg neng payon|"
    "nangtung di hateup|berdiri di bumbung|berdiri di tepi bangunan"
)
_NOT_JUMPING = (
    "view|pemandangan|indah|bagus|foto|photo|selfie|sunset|sunrise|amazing|beautiful|keren|jemur|laundry|"
    "jemuran|benerin|repair|fix|antena|antenna|genteng bocor|bocor|fireworks|kembang api|tallest"
)
_HIGH_PLACE = (
    "tali|racun|obat|pills|rope|atap|gedung|jembatan|lantai|jendela|balkon|roof|bridge|window|balcony|ledge|"
    "building|floor|rooftop|tingkat"
)
_NOT_PREPARED = "koper|jemuran|kardus|barang|paket|packing|tenda|luggage|box|boxes|rafia|kolam|pool|sungai renang"
# Saying goodbye for good: "sy pamit ya, titip anak2".
_GOODBYE = (
    "pamit|pamitan|mohon pamit|goodbye|good bye|selamat tinggal|farewell|wassalam|last message|pesan terakhir"
)
_FINAL = (
    "titip anak|titip anakku|titip anak anak|titip anak saya|jaga anak|jagain anak|jaga anak anak|"
    "maafin semua|maafkan semua|maafin aku ya|maafkan aku ya|maafkan saya ya|untuk terakhir|terakhir kali|"
    "selamanya|for the last time|my last message|pesan terakhir|this is my last|sampai jumpa di akhirat|"
    "ketemu di surga|tidak akan ketemu lagi|will not see me again|take care of my kids|"
    "take care of my children|halalkan|ikhlaskan aku|relakan aku|tidak kuat lagi|tidak sanggup lagi|"
    "goodbye everyone|goodbye forever|selamat tinggal semua|nyuwun pangapunten sedaya|hapunten sadayana"
)
# Idioms with "mati" (die) that are not about dying.
_NOT_SELF_HARM = (
    "mati ketawa|mati gaya|mati lampu|mati listrik|mati penasaran|mati kutu|mati bosan|mati kelaparan nunggu|"
    "ketawa sampai mati|dying to|dying of laughter|hp saya mau mati|hp aku mau mati|hp mau mati|"
    "hpku mau mati|baterai mau mati|batre mau mati|baterai saya mau mati|phone is dying|battery|"
    "hp saya sudah mau mati|hp sudah mau mati|hpku sudah mau mati|mesin mati|mati suri|mati rasa"
)
_MEDICAL = (
    "pingsan|pengsan|tidak sadar|tidak sadarkan diri|kejang|kejang kejang|sesak napas|sesak nafas|"
    "susah napas|susah bernapas|tidak bisa napas|berdarah|pendarahan|perdarahan|muntah darah|keguguran|"
    "patah|patah tulang|demam tinggi|panas tinggi|sakit parah|sakit keras|gering parah|sakit banget|"
    "luka parah|keracunan|collapsed|unconscious|fainted|passed out|seizure|seizures|cannot breathe|"
    "can not breathe|bleeding|miscarriage|broken leg|broken arm|broken bone|high fever|very sick|"
    "seriously ill|badly hurt|badly injured|sikilku patah|tanganku patah|lara banget|sekarat|"
    "semaput|kapiuhan|teu sadar|kantun|kegencet|kejepit|terjepit|kejepit mesin|jari hancur|jari putus|"
    "jarinya putus|fingers crushed|finger crushed|crushed|kelindes|luka bakar|getihan|getihen|"
    "berdarah banyak|hamil berdarah|can not breath|cannot breath|tidak iso ambegan|sesek ambegan|"
    "teu tiasa ngambekan|sesak napas|lumpuh|stroke|serangan jantung|heart attack|overdosis|muntah|"
    "muntah muntah|muntah terus|vomiting|vomit|throwing up|darah banyak|darahnya banyak|banyak darah|"
    "keluar darah|keluar banyak darah|bleeding heavily|heavy bleeding|having a seizure|convulsing|"
    "kegencet mesin|kejepit mesin|jari kejepit|tangan kejepit|kelindas mesin|crushed fingers|"
    "crushed my fingers|crushed his fingers|crushed her fingers|jatuh dari|fell from|ambruk|"
    "tidak bangun bangun|not waking up|tidak bernapas|not breathing|getih akeh|getihe akeh|mutah|"
    "batuk darah|batuk berdarah|coughing blood|coughing up blood|dada sakit|dadanya sakit|sakit dada|"
    "nyeri dada|chest pain|chest hurts|kebas|tangan kirinya kebas|confused and|cannot talk|cannot see|"
    "can not see|tidak bisa melihat|tidak bisa lihat|tidak bisa bicara|tidak bisa ngomong|bleeding a lot|"
    "berdarah terus|pendarahan hebat|demam kuat|demam seminggu|fever for a week|kaki menghitam|"
    "sikile ireng|jari menghitam|luka membusuk|infeksi parah|tidak bisa jalan|tidak bisa berdiri|"
    "cannot walk|can not walk|cannot stand|tidak bisa bangun|tidak bisa gerak|lumpuh sebelah"
)
# Ill in ordinary words, for care that is refused outright ("majikane ora oleh digowo rumah sakit").
_ILL = (
    "sakit|demam|fever|sick|ill|kumat|diabetes|diabetese|pain|hurts|batuk|pusing|lemas|hamil|pregnant|"
    "luka|injured|hurt|bleeding|berdarah|bengkak|infeksi|infection|gering|lara|panas|meriang|sesak"
)
# Care refused in so many words: a doctor or hospital named, or "won't take her".
_CARE_DENIED = (
    "will not take her|will not take him|will not take me|would not take her|won't take her|"
    "no money for doctor|no money for the doctor|no money for hospital|tidak ada uang untuk dokter|"
    "tidak ada uang buat dokter|tidak ada duit untuk dokter|tidak oleh digowo rumah sakit|"
    "tidak oleh digowo nang rumah sakit|tidak oleh digowo|tidak diijinkan ke rumah sakit|"
    "tidak diizinkan ke rumah sakit|tidak dibawa ke dokter|tidak dibawa ke rumah sakit|"
    "tidak mau bawa ke dokter|tidak mau bawa ke rumah sakit|tidak nak balik darat|tidak mau balik darat|"
    "tidak mau ke darat|tidak mau pulang ke darat|will not go back to port|will not go to port|"
    + "|".join(f"{neg} {place}" for neg in ("tidak boleh ke", "tidak dibolehkan ke", "tidak diizinkan ke",
                                            "dilarang ke", "not allowed to go to the", "not allowed to see a")
               for place in ("dokter", "rumah sakit", "klinik", "hospital", "doctor", "puskesmas"))
)
_NOT_MEDICAL = "patah hati|sakit hati|patah semangat|hati berdarah|berdarah darah perjuangan"
# Told to wait, to keep working, to keep quiet for fear of the police: care put off by someone else.
_CARE_PUT_OFF = (
    "tunggu besok|tunggu sampai besok|tunggu esok|tunggu pagi|besok saja|besok baru|nanti saja|"
    "nanti ketahuan|takut ketahuan|ketahuan overstay|ketahuan imigrasi|ketahuan polisi|nanti ditangkap|"
    "lanjut kerja|lanjut kerja saja|terus kerja|disuruh kerja|"
    "suruh kerja|keep working|back to work|get back to work|go back to work|wait until tomorrow|"
    "wait till tomorrow|wait for tomorrow|wait until morning|tomorrow|tidak boleh telpon|"
    "tidak boleh telepon|tidak boleh nelpon|tidak boleh panggil|will not let us call|will not let me call|"
    "not allowed to call|cannot call|ngunci pintu|mengunci pintu|kunci pintu|pintu dikunci|"
    "locked the door|locks the door|engko wae|sesuk wae|sesuk|ngenteni sesuk|tunggu isuk|enjing wae|"
    "isukan wae|tidak kersa|tidak daek|tidak hayang nelepon|esok saja|tunggu esok|jangan ke dokter|"
    "jangan ke rumah sakit|jangan ke klinik|jangan bawa ke|jangan panggil|jangan telpon|"
    "biarin saja|dibiarin|didiemin|tidak dihiraukan|tidak digubris|cuekin|dicuekin|ignored|ignores|"
    "must finish|finish cleaning|finish work first|harus kerja dulu|suruh kerja dulu|harus selesai dulu|"
    "cuma suruh minum|hanya suruh minum|suruh minum air|cuma dikasih minum|tetap kerja|tetap disuruh|"
    "kena kerja|masih disuruh kerja|minum obat warung|kerokan saja|dikerok saja"
)
_WHO_PUTS_OFF = (
    "majikan|agensi|agent|agency|bos|boss|mandor|foreman|supervisor|employer|tekong|sponsor|calo|"
    "juragan|dunungan|tauke|towkay|ejen|tuan|madam|mam|sir|manager|manajer|pengawas|bilang|kata|katanya|"
    "says|said|told|ngomong|jarene|cenah|ceunah|he|she|they|dia|mereka"
)
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
    "tidak dibolehkan|no one takes me|won't take|says no hospital|said no hospital|no ambulance|"
    "will not take|does not allow|tidak gelem nggowo|tidak gelem ngeterke|tidak oleh digowo|"
    "tidak bagi bawa|tidak bagi pergi|tidak mau anterin|tidak mau anter|tidak mau nganterin|"
    "tidak mau panggilkan|tidak mau dipanggilkan|tidak mau dibawa|tidak mau bawa saya|tidak mau bawa dia|"
    "tidak ngidinan dibawa|tidak kersa nyandak|tidak hoyong nyandak|tidak kenging ka dokter|"
    "will not let me go|will not let her|will not let him|not let me go to|"
    + "|".join(
        f"{neg} {place}"
        for neg in ("tidak usah ke", "tidak perlu ke", "tidak kasih ke", "tidak dikasih ke", "tidak boleh ke",
                    "tidak oleh nang", "tidak oleh menyang", "tidak kenging ka", "tidak bagi ke",
                    "tidak usah dibawa ke", "tidak perlu dibawa ke", "tidak boleh dibawa ke")
        for place in ("dokter", "rumah sakit", "klinik", "hospital", "puskesmas", "bidan", "mantri")
    )
)
_AT_SEA_PLACE = (
    "abk|kapal|kapal ikan|perahu|boat|ship|vessel|fishing boat|trawler|laut|tengah laut|kapten|nahkoda|"
    "nakhoda|captain|crew|crewmate|crewmates|awak kapal|at sea|onboard|on board|deck|tekong|sekapal|"
    "squid boat|bot ni|bot ini|sak kapal|pelabuhan|"
    "teman sekapal|kawan sekapal|fishing vessel|kaptene|kapten kapal"
)
_AT_SEA_HARM = (
    _VIOLENCE + "|" + _THREAT + "|tidak boleh turun|tidak boleh merapat|tidak boleh mendarat|"
    "tidak bisa turun|will not let him off|will not let me off|will not let us off|not allowed off|"
    "cannot get off|not allowed to leave the ship|tidak dikasih makan|tidak diberi makan|no food|get no food|"
    "20 hours|20 jam|dibuang|dilempar|buang saya|jenazah|mayat|thrown|tidak dibayar bertahun|"
    "tidak boleh pulang|tidak boleh ke darat|tidak boleh naik ke darat|tidak boleh balik ke darat|"
    "tidak boleh turun ke darat|not allowed back to land|not allowed back on land|not allowed ashore|"
    "never allowed ashore|not allowed on land|not allowed to go ashore|tidak pernah turun ke darat|"
    "tidak boleh mulih|tidak oleh mulih|tidak oleh mudun|tusuk|menusuk|ditusuk|dipecut|mayat simpan|"
    "tidak masuk pelabuhan|tidak merapat|more years at sea|stay at sea|2 more years|"
    "tidak nak balik darat|tidak mau balik darat"
)
# A crewmate dead on board: the crew are still out there with whoever killed or neglected him.
_CREW = (
    "teman sekapal|kawan sekapal|crewmate|crewmates|sekapal|rekan abk|abk lain|another crew|one of the crew|"
    "di atas kapal|on board|onboard|on our boat|on the boat|di kapal|neng kapal"
)
_DIED = "meninggal|mati|died|dead|tewas|killed|to death|wafat|mati dipukul"
_NOT_DIED_NOW = (
    "asuransi|santunan|insurance|compensation|klaim|ahli waris|tahun lalu|years ago|last year|mesin mati|"
    "engine died|mati lampu|mati listrik|karena sakit|kirim doa|doa|innalillahi|turut berduka|berduka|"
    "condolences|almarhum|rest in peace|meninggal dunia karena"
)
_OVERBOARD = (
    "dilempar ke laut|dibuang ke laut|dibuang di laut|dicemplungkan ke laut|buang saya ke laut|"
    "buang aku ke laut|lempar ke laut|thrown overboard|thrown into the sea|throw me overboard|"
    "jenazahnya dibuang|mayatnya dibuang|body thrown"
)
_NO_MONEY = (
    "tidak punya uang|tidak ada uang|uang habis|tiada duit|no money|ndarak kepeng|tidak gaduh artos|"
    "tidak duwe duit|tanpa uang|tidak megang uang|have no money|without money|tidak punya ongkos|"
    "tidak ada ongkos|tidak ada duit|tidak punya duit|no money no phone|uangnya dibawa|uang dibawa|"
    "uang diambil|uangnya diambil|money taken|took my money|took her money|tidak gaduh duit|tiada wang|"
    "tidak ada wang|tidak ada duit sama sekali"
)
# Left behind by the agent or driver, with nothing: "ditinggal agen di bandara, gk ada paspor".
_ABANDONED_BY = (
    "ditinggal agen|ditinggal sopir|ditinggal calo|ditinggal sponsor|ditinggal supir|ditinggalkan agen|"
    "ditinggalkan sopir|ditinggalkan calo|ditinggalkan sponsor|ditinggal ejen|tinggalkan saya|tinggalkan kami|"
    "ninggal aku|ninggalke aku|ditinggalkeun|agent left|driver left|agent abandoned|abandoned by|"
    "dumped us|dumped me|ditelantarkan"
)
_ABANDONED = "ditinggal|ditinggalkan|ditinggalkeun|left us|left me|abandoned|dumped|diturunin|diturunkan"
_NOT_ABANDONED = (
    "ditinggal pesawat|ketinggalan pesawat|missed my flight|missed the flight|ditinggal bus|ditinggal kereta|"
    "ketinggalan bus|ketinggalan kereta|ditinggal kapal|ketinggalan kapal|ditinggal pacar|ditinggal rombongan"
)
_NOWHERE = (
    "bandara|airport|lapangan terbang|perbatasan|border|hutan|jungle|forest|alas|leuweung|terminal|"
    "pelabuhan|port|stasiun|jalan|pinggir jalan|roadside|tengah jalan|di jalanan"
)
_NOTHING = (
    "tidak ada paspor|tidak punya paspor|tanpa paspor|tiada paspor|tidak duwe paspor|tidak gaduh paspor|"
    "no passport|no passports|no documents|without documents|without a passport|without passport|"
    "tanpa dokumen|tidak ada dokumen|tidak punya dokumen|tiada dokumen|hp mau mati|hp sudah mau mati|"
    "hp sekarat|baterai habis|batre habis|phone is dying|phone is almost dead|phone almost dead|"
    "my phone is dying|battery low|battery is low|tidak ada makanan|tidak ada makan|no food|"
    "tidak makan dari|belum makan dari|tidak tahu di mana|do not know where|tidak punya ktp|"
    "tidak ada ktp|tidak ngerti dalan|tidak tahu jalan|tidak tau jalan|tidak hafal nomor|tidak apal jalan|"
    "lost|no phone|tidak ada hp|tidak punya hp|tidak ada yang jemput|nobody to pick|" + _NO_MONEY
)
_OUT_ON_THE_STREET = (
    "diusir|kicked out|thrown out|kabur|ran away|ditinggal di|ditinggal agen|ditinggal calo|ditinggal sopir|"
    "di jalan|di jalanan|on the street|tidur di|"
    "terlantar|di bandara|at the airport|di perbatasan|dideportasi|deported|kena halau|dihalau|dihalau keluar|"
    "run away from|runaway from|lari dari rumah|lari dari majikan|kabur dari rumah|diturunkan di|"
    "diturunin di|tepi jalan|pinggir jalan"
)

# Trafficking in transit: moved through the forest or by speedboat at night, phones taken, not told where.
_MOVED = (
    "dibawa|digowo|digawa|dinaikkan|dinaikin|diangkut|dibawa naik|bawa kami|bawa saya|angkut kami|driven|"
    "being driven|taken|taking us|drove us|drive us|driving us|drove me|took us|put us on|put on a|"
    "naik mobil|naik speedboat|naik bot|naik perahu|diseberangkan|dibawa pergi|dipindahkan|dipindah|"
    "digiring|dibawa ke|moving us|moved us|jalan kaki|on foot|walking|berjalan kaki|disuruh jalan|"
    "keur dibawa|dibawa ku|dicandak|digowo nang|menuju|on the way|going to|heading to|dalam perjalanan"
)
_VEHICLE = (
    "mobil|van|truk|truck|lori|car|bus|bis|minibus|perahu|kapal|boat|speedboat|bot|motor|pikap|pickup|"
    "kontainer|container|jeep|mobil box|sampan|tongkang|travel gelap"
)
_WHERE_UNKNOWN = (
    "tidak dikasih tahu mau ke mana|tidak dikasih tahu mau kemana|tidak tahu mau ke mana|"
    "tidak tahu mau kemana|tidak tahu ke mana|tidak tahu kemana|tidak tahu dibawa ke mana|"
    "tidak tahu dibawa kemana|tidak tahu mau dibawa ke mana|tidak tahu mau dibawa kemana|"
    "tidak tahu tujuannya|tidak tahu tujuan|tidak dikasih tahu tujuan|tidak dikasih tahu tujuannya|"
    "tidak diberi tahu tujuan|tidak tahu nak ke mana|tidak tahu nak kemana|tidak tahu ke mana kami|"
    "do not know where|no idea where|will not tell us where|not told where|did not tell us where|"
    "will not say where|tidak ngerti arep digowo nang endi|tidak ngerti arep digowo nang ngendi|"
    "tidak ngerti nang endi|tidak ngerti arep nang endi|tidak ngerti digowo nang endi|tidak ngerti menyang endi|"
    "tidak terang bade kamana|tidak terang kamana|tidak terang dibawa kamana|tidak apal kamana|"
    "entah ke mana|entah kemana|dunno where|tidak dikasih tahu|tidak diberi tahu|tidak dibejakeun|"
    "somewhere|tidak nyaho ka mana|tidak nyaho kamana|tidak tahu destinasi|tidak tahu arahnya|"
    "tidak tau arahnya|tidak tahu arah|windows covered|jendela ditutup|kaca ditutup|muter muter|"
    "sudah 5 jam|udah 3 jam|sudah 3 jam|for hours"
)
_SILENCED = (
    "disuruh diam|disuruh diam saja|suruh diam|told to keep quiet|told us to keep quiet|told me to keep quiet|"
    "keep quiet|be quiet|stay quiet|jangan berisik|jangan bicara|jangan ngomong|tidak boleh ngomong|"
    "tidak boleh bicara|dilarang bicara|dilarang ngomong|do not talk|shut up|tutup mulut|tidak oleh omong|"
    "kon meneng|dikon meneng|disuruh cicing|kudu cicing|disuruh senyap|jangan bising|diam diam saja"
)
_DOC_HELD = "|".join(
    f"{doc} {verb}"
    for doc in ("paspor", "passport", "passports", "paspor kami", "paspor saya", "paspor aku", "our passports",
                "my passport", "paspor abdi", "dokumen", "documents")
    for verb in ("diambil", "disita", "ditahan", "dipegang", "dijupuk", "dicokot", "dicandak", "disimpan",
                 "dirampas", "taken", "were taken", "was taken", "kena ambil", "diambil sopir", "diambil calo",
                 "dipegang calo", "dipegang agen", "dipegang agensi", "diambil agen", "diambil agensi")
) + "|" + "|".join(
    f"{verb} {doc}"
    for verb in ("ambil", "ngambil", "mengambil", "sita", "nyita", "pegang", "megang", "took", "take", "takes",
                 "took all", "kept", "keeps", "holds", "hold", "collected", "nahan", "menahan", "simpan",
                 "njupuk")
    for doc in ("paspor", "passport", "passports", "our passports", "my passport", "paspor kami",
                "paspor saya", "the passports", "all passports", "semua paspor")
)
_NOT_TRANSIT = (
    "imigrasi|immigration|petugas|officer|dicap|stamp|cap paspor|pemeriksaan|checkpoint|bea cukai|customs|"
    "check in|boarding|tiket|ticket|liburan|holiday|wisata"
)
_ROUTE = (
    "perbatasan|border|hutan|alas|leuweung|jungle|forest|jalan tikus|jalur tikus|speedboat|speed boat|"
    "bot laju|perahu kecil|small boat|boat at night|malam malam|tengah malam|at night|kebun sawit"
)
_HELD_IN_TRANSIT = (
    "hp diambil|hp disita|hp dijupuk|hp dicandak|hpku dijupuk|hpku diambil|hpku disita|hp kami disita|"
    "hp kami diambil|hp kami dikumpulkan|hp dikumpulkan|phones taken|took our phones|took my phone|"
    "paspor diminta|passport taken|passports were taken|dokumen dia simpan|dokumen udh diambil|"
    "dokumen sudah diambil|paspor ditahan|paspor dicokot|took our passports before|"
    "taken our phones|paspor diambil|paspor disita|paspor ditahan|passports taken|took our passports|"
    "tidak dikasih tahu|tidak diberi tahu|tidak tahu mau ke mana|tidak tahu ke mana|tidak tahu nak ke mana|"
    "tidak tahu dibawa ke mana|will not tell us|will not tell me|do not know where|no idea where|"
    "dilarang bicara|ditutup matanya|blindfolded|tidak dibejakeun|tidak ngerti arep digowo nang ngendi|"
    + _SILENCED + "|" + _DOC_HELD
)
# Forced labour: exploitation together with being unable to leave, or extreme hours with no pay.
_UNPAID = (
    "tidak dibayar|tidak digaji|belum dibayar|belum digaji|tidak bayar gaji|tidak mbayar|gaji tidak dibayar|"
    "gaji tidak bayar|gaji belum dibayar|have not been paid|has not been paid|not been paid|not paid|unpaid|"
    "no salary|no pay|tanpa gaji|tanpa bayaran|tidak dibayar gaji|tidak dibayar bertahun|tidak dibayar bulan|"
    "nahan gaji|menahan gaji|gaji ditahan|tahan gaji|withholds my salary|withholding my salary|"
    "keeps my salary|kept my salary|gaji tidak dikasih|tidak dikasih gaji|tidak digajih|tidak ada gaji|"
    "tiada gaji|gaji tidak ada|gajih tidak dibayar|tidak dibayar gajih|tidak digaji lagi|no salary already"
)
_HOURS = "|".join(
    [f"{n} jam|{n} hours|{n} hrs|{n} jam sehari|{n} jam sadinten|{n} jam sadina" for n in range(18, 25)]
    + ["subuh sampai tengah malam|pagi sampai tengah malam|tanpa libur|tidak pernah libur|tidak ada libur|"
       "no day off|no days off|no rest|tidak boleh istirahat|tidak dikasih istirahat|tidak dikasih tidur|"
       "tidak boleh tidur"]
    + [f"tidur {n} jam|turu {n} jam|sleep {n} hours|only sleep {n}|cuma tidur {n} jam|mung turu {n} jam"
       for n in (1, 2, 3, 4)]
)
# Extreme hours as people write them: "dari jam 4 pagi sampe jam 1 malem", "5am to midnight".
_EARLY = "|".join(
    [f"jam {n} pagi|jam {n} subuh|jam {n} esuk|jam {n} isuk|jam {n} enjing|jam {n} pagi pagi|pukul {n} pagi|"
     f"{n}am|{n} am|{n} in the morning|jam {n} awal pagi" for n in (2, 3, 4, 5)]
    + ["subuh|sebelum subuh|before dawn|before sunrise|dini hari|shubuh"]
)
_LATE = "|".join(
    [f"jam {n} malam|jam {n} bengi|jam {n} wengi|jam {n} peuting|pukul {n} malam|{n}pm|{n} pm"
     for n in (11, 12)]
    + [f"jam {n} malam|jam {n} pagi|jam {n} bengi|jam {n} dini hari|{n}am|{n} am|jam {n} wengi"
       for n in (1, 2, 3)]
    + ["tengah malam|midnight|tengah wengi|tengah peuting|after midnight|lewat tengah malam"]
)
_NO_DAY_OFF = (
    "tanpa libur|tidak pernah libur|tidak ada libur|tidak dikasih libur|tidak dapat libur|tidak ada hari libur|"
    "tidak pernah cuti|tidak ada cuti|tiada cuti|no day off|no days off|never a day off|never had a day off|"
    "tidak tau prei|tidak tau preian|tidak pernah prei|tidak ada prei|tidak ada preian|tidak tahu prei|"
    "tidak aya libur|tidak kantos libur|tiada hari rehat|tiada rehat|tidak ada rehat|libur tidak ada|"
    "tidak pernah istirahat|no rest|no break|tidak boleh libur|tidak dikasih istirahat"
)
_DEBT = (
    "utang|hutang|debt|debts|owe|owe them|utang belum lunas|bayar utang|potong gaji|gaji dipotong|"
    "ganti rugi|tebus diri|bayar denda|utange|hutange|utangku|utang ke|hutang ka|hutang dengan|"
    "belum lunas|blm lunas|tidak lunas|can lunas|durung lunas|belum habis|loan|owe money"
)
_TRAPPED = (
    "tidak boleh pulang|tidak dibolehkan pulang|tidak diizinkan pulang|tidak diijinkan pulang|"
    "tidak boleh berhenti|tidak boleh resign|tidak bisa berhenti|tidak bisa resign|tidak boleh keluar|"
    "tidak oleh mulih|tidak entuk mulih|tidak bagi balik|tidak bagi pulang|tidak boleh balik|"
    "tidak kenging mulih|tidak kenging uih|tidak meunang balik|cannot leave|cannot quit|can not quit|"
    "can not leave|not allowed to quit|not allowed to leave|will not let me leave|will not let me quit|"
    "will not let me go|will not let us leave|will not let us go|until i pay|until we pay|sampai lunas|"
    "sebelum lunas|harus lunas dulu|tidak boleh ganti majikan|tidak boleh pindah|baru boleh pulang|"
    "tidak bisa pergi|tidak boleh pergi|cannot go|can not go|cannot go home|can not go home|"
    "tidak bisa kemana mana|tidak bisa ke mana mana|tidak boleh kemana mana|cannot escape|"
    "tidak iso lungo|tidak tiasa kamana mana|tidak boleh ke mana mana|never let me go|"
    "macam mana nak keluar|gimana mau keluar|bagaimana bisa keluar|how can i leave|how do i get out|"
    "tidak bisa keluar dari sini|stay 2 more years|stay two more years|more years at sea|"
    + _not_permitted("pulang", "berhenti", "resign", "balik", "mulih", "uih", "keluar", "pindah", "bali")
)
_SCAMMING = (
    "nipu orang|menipu orang|tipu orang|scam|scammer|scammers|scamming|kerja scam|perusahaan scam|"
    "judi online|scam company|dipaksa nipu|disuruh nipu|nipu online|penipuan online|love scam|scam online|"
    "scams|online scams|scam people|scamming people"
)
_SCAM_TRAPPED = (
    _TRAPPED + "|tidak bisa keluar|tidak bisa pulang|disekap|dikurung|dipukul|disetrum|dijaga|target|"
    "compound|dijual|dipaksa|forced|kena paksa|will not let me|cannot go out|tidak bisa kabur"
)
# Threats to the family: photos of the children sent by the recruiter, "knows where your family lives".
_PRESSER = (
    "calo|agen|agensi|sponsor|recruiter|agent|majikan|employer|boss|ejen|broker|tekong|mandor|he|she|they|"
    "dia|mereka|orang itu"
)
_MENACE = (
    "katanya|bilang|ngomong|jarene|ceunah|cenah|says|said|warned|awas|kalau|if|unless|will pay|akan|bakal|"
    "nanti|ancam|threat|tunggu saja|lihat saja|lihat aja|hati hati kamu|macam macam|ngelawan|melawan|lapor|"
    "kabur|run away|report|tell anyone|kasih tahu"
)
_SENT_PHOTO = "|".join(
    f"{who} {verb}"
    for who in ("calo", "agen", "agensi", "sponsor", "recruiter", "agent", "majikan", "employer", "boss",
                "ejen", "broker", "he", "she", "they", "dia", "mereka")
    for verb in ("kirim", "ngirim", "ngirimi", "kirimi", "kirimin", "ngirimin", "mengirim", "mengirimi",
                 "sent", "sends", "sent me", "sends me", "hantar", "nunjukin", "showed me")
) + "|dikirimi foto|dikirimin foto|sent me photos|sent me pictures|sends me photos|sends me pictures"
_FAMILY_PHOTO = (
    "foto anak|foto anakku|foto anak anak|foto keluarga|foto rumah|foto orang tua|foto ibu|foto istri|"
    "foto suami|foto bapak|photos of my|pictures of my|photo of my|picture of my|gambar anak|gambar keluarga|"
    "foto budak|foto putra|foto omah"
)
_KNOWS_HOME = (
    "tahu rumah|tahu alamat|tahu di mana keluarga|tahu dimana keluarga|tahu tempat tinggal|tahu kampung|"
    "ngerti omah|ngerti omahku|ngerti alamat|terang bumi|apal bumi|knows where my|knows where we live|"
    "knows where i live|know where my family|know where your family|knows where your|know where you live|"
    "tahu sekolah anak|tahu sekolahnya"
)
_NOT_KNOWS = "tidak tahu|tidak ngerti|does not know|do not know|tidak terang|tidak apal|tidak ingat"

# Whoever controls the person's days: employer, agent, foreman, captain, smuggler, madam.
_CONTROLLER = (
    "majikan|majikannya|majikanku|bos|boss|tauke|towkay|madam|mam|nyonya|tuan|sir|mandor|kapten|tekong|agen|"
    "agensi|agency|agent|calo|sponsor|juragan|juraganku|dunungan|kafil|mami|mucikari|penjaga|guard|guards|"
    "employer|my employer|the company|perusahaan|pengawas|supervisor|ejen|bojone juragan|anak majikan|"
    "suami majikan|istri majikan|ahma|akong"
)
# Cut off from the basics: food, sleep, the phone, the family, a doctor.
_CUT_OFF = (
    _not_permitted("makan", "tidur", "istirahat", "telpon", "nelpon", "telepon", "menelepon", "nelepon",
                   "hubungi keluarga", "menghubungi keluarga", "pegang hp", "pakai hp", "main hp", "sholat",
                   "eat", "sleep", "call", "call my family", "use my phone", "use the phone", "contact my family")
    + "|tidak dikasih makan|tidak diberi makan|tidak dikasih tidur|tidak dikasih hp|hp disita|hp diambil|"
    "hp dirampas|hpku disita|hpku diambil|hp saya disita|hp saya diambil|took my phone|takes my phone|"
    "phone taken|phone confiscated|sim card diambil|tidak dibere dahar|tidak dibere kaluar|tidak oleh mangan|"
    "tidak entuk mangan|cuma dikasih makan sekali|makan sekali sehari|eat once a day|one meal a day|"
    "tidak boleh ke dokter|tidak boleh berobat"
)
_NOT_CUT_OFF = (
    "saat kerja|pas kerja|waktu kerja|jam kerja|during work|work hours|working hours|while working|"
    "sebelum jam|setelah jam|di atas jam|lewat jam|after 10|after 11|jam malam|curfew|kontrak|contract|"
    "peraturan|aturan|rules|wajar|normal|boleh tidak|apakah|is it legal|can my employer"
)
# First-person distress in everyday words, with whoever controls the person: worth the question.
_DISTRESS = (
    "takut|sieun|wedi|scared|afraid|nangis|menangis|crying|tidak kuat|tidak tahan|tertekan|stres|stress|"
    "depresi|putus asa|tidak betah|trauma|gemetar|shaking|tidak bisa tidur|cannot sleep|tersiksa|menderita|"
    "disiksa batin|tekanan batin|kabur|mau kabur|ingin kabur|lari|sembunyi|diam diam|sembunyi sembunyi|"
    "bisik bisik|whisper|whispers|in secret|secretly|ketakutan|trapped|terjebak"
)
_NOT_DISTRESS = (
    "takut ditipu|takut tertipu|takut salah|takut telat|takut terlambat|takut gagal|takut ketinggalan|"
    "takut ditolak|takut kena denda|takut biaya|afraid of being scammed|afraid of scams|scared of scams|"
    "sebelum berangkat|mau berangkat|calon pmi|persiapan|before leaving|kalau nanti|nanti kalau|"
    "takut nanti|khawatir nanti|apakah|bagaimana cara|gimana cara|how to|how do i"
)

RULES: tuple[DangerRule, ...] = (
    # Self-harm first: its reply (the mental-health line) differs from the trafficking card.
    _rule("self_harm", _SELF_HARM, unless=_NOT_SELF_HARM),
    _rule("self_harm", _PREPARED, _HIGH_PLACE, unless=_NOT_PREPARED),
    _rule("self_harm", _GOODBYE, _FINAL, unless=_NOT_FAREWELL),
    _rule("self_harm", _STANDING_HIGH, unless=_NOT_JUMPING),
    _rule("self_harm", _CUT, _OWN_BODY, unless=_NOT_CUT),
    _rule("self_harm", _HURT_SELF),
    _rule("self_harm", _LAST_WORDS, _NO_STRENGTH, unless=_NOT_LAST),
    _rule("self_harm", _NO_MORE, "bekas silet|bekas sayatan|silet|cutter|sayat|scars", unless=_NOT_CUT),
    # A child or teen sold, trafficked or married off.
    _rule("minor", _MINOR_AGE + "|" + _MINOR_WORD, _MINOR_HARM, unless=_NOT_MINOR_HARM),
    # A medical emergency where care is refused.
    _rule("medical_refused", _MEDICAL, _CARE_REFUSED, unless=_NOT_MEDICAL),
    _rule("medical_refused", _MEDICAL, _CARE_PUT_OFF, _WHO_PUTS_OFF, unless=_NOT_MEDICAL),
    _rule("medical_refused", _ILL, _CARE_DENIED, unless=_NOT_MEDICAL),
    # Abuse at sea: on a boat and beaten, thrown overboard, never allowed ashore.
    _rule("at_sea", _OVERBOARD),
    _rule("at_sea", _AT_SEA_PLACE, _AT_SEA_HARM),
    _rule("at_sea", _CREW, _DIED, unless=_NOT_DIED_NOW),
    # Threats to the family at home.
    _rule("threat_to_family", _THREAT_VERB, _FAMILY),
    _rule("threat_to_family", _SENT_PHOTO, _FAMILY_PHOTO),
    _rule("threat_to_family", _PRESSER, _IF_TELL, _KIN, _WILL_PAY, unless=_NOT_THREAT),
    _rule("threat_to_family", _PRESSER, _KNOWS_HOME, _FAMILY, _MENACE, unless=_NOT_KNOWS),
    _rule("threat_to_family", "hurt my family|hurt my children|hurt my kids|hurt my parents|celakai keluarga|"
          "mengancam keluarga|ancam keluarga|keluarga saya diancam|my family was threatened"),
    # Confinement: locked in, held, not allowed out.
    _rule(
        "confinement",
        _CONFINE_VERB + "|held captive|kept prisoner|held hostage|being held|is held|are held|held in a|"
        "scam compound|ditawan|kami ditahan|saya ditahan di|aku ditahan di|we are held|dijaga ketat|"
        "dijaga terus|dijaga orang|dijaga satpam|dijaga orang bersenjata|bersenjata|armed guards|"
        "guard us|guards us|watch me all the time|gedung yang dijaga|tempat yang dijaga|rumah yang dijaga|"
        "ada penjaga|dijaga penjaga|dijaga preman|pagar kawat|kawat berduri|barbed wire",
        unless=_NOT_A_PERSON,
    ),
    _rule("confinement", _KEPT_IN, unless=_NOT_CONFINED),
    # Whoever controls the person cuts them off from food, sleep, the phone or a doctor.
    _rule("confinement", _CONTROLLER, _CUT_OFF, unless=_NOT_CUT_OFF),
    # Trafficking in transit.
    _rule("transit", _MOVED + "|" + _VEHICLE, _ROUTE, _HELD_IN_TRANSIT, unless=_NOT_TRANSIT),
    _rule("transit", _MOVED + "|" + _VEHICLE, _WHERE_UNKNOWN, _HELD_IN_TRANSIT, unless=_NOT_TRANSIT),
    _rule("transit", _VEHICLE, _SILENCED, _DOC_HELD, unless=_NOT_TRANSIT),
    _rule("cannot_go_home", _CANNOT_GO_HOME, strength="possible"),
    # Violence.
    _rule("violence", _VIOLENCE),
    _rule("violence", _BRUISED, _BODY, _HARMER, unless=_NOT_BRUISED),
    _rule("violence", _WEAPON),
    _rule("violence", _THROW, _THROWN_AT, unless=_NOT_THROWN),
    _rule("violence", _THROW, _INJURY, unless=_NOT_THROWN),
    _rule("violence", _RAGING, _INJURY, _STILL_THERE, unless=_NOT_THROWN),
    _rule("violence", _BRANDISH, _ARM, unless=_NOT_ARMED),
    # Sexual abuse and forced sex work.
    _rule("sexual_abuse", _SEXUAL),
    _rule("sexual_abuse", _INTO_ROOM, _AT_NIGHT, unless=_NOT_INTO_ROOM),
    _rule("sexual_abuse", _MASSAGE, _TOUCH),
    _rule("sexual_abuse", _PEEP, _BATHING),
    _rule("sexual_abuse", _TRIES_DOOR, _PRIVATE_DOOR, unless=_NOT_DOOR),
    _rule("sexual_abuse", _FORCED, _SEX_WORK, unless=_NOT_SEX_WORK),
    _rule("sexual_abuse", _ASKS_TO_BED, _IF_REFUSED),
    _rule("sexual_abuse", _INTO_ROOM, _DRUNK_OR_FORCED, unless=_NOT_INTO_ROOM),
    # Threats to life.
    _rule("threat", _THREAT, unless="bunuh diri|kill myself|suicide"),
    _rule("threat", _ARM, _DEATH_TALK, unless=_NOT_ARMED),
    _rule("threat", "takut|sieun|wedi|scared|afraid|khawatir|worried", _MEANS_HARM),
    _rule("threat", _IF_LEAVE, _KILLED, unless=_NOT_KILLED),
    _rule("threat", _OR_ELSE, _IF_YOU_WANT_TO_LIVE),
    # Married off against one's will, and soon.
    _rule("forced_marriage", _FORCED_MARRIAGE, _SOON),
    # Forced work, scam compounds, trafficking in progress.
    _rule(
        "forced_work",
        "dipaksa kerja|dipaksa bekerja|kerja paksa|dipaksa menipu|disuruh menipu|dipaksa scam|dipeksa kerja|"
        "dipekso kerjo|dipekso kerja|dipaksa damel|forced to work|forced labour|forced labor|forced to scam|"
        "made to scam|saya dijual|aku dijual|dijual agen|dijual ke|dijual oleh|dijual lagi|diperdagangkan|"
        "dibawa paksa|diculik|kidnapped|being trafficked|sold me|sold to|sold her|sold him|sold us|"
        "trafficked|brothel|rumah bordil|lokalisasi|kerja scam|menipu orang online|dipaksa nipu|disuruh nipu|"
        "forced to scam|kena paksa scam|dipaksa buat scam|forced labor|forced to work",
        unless="takut dipaksa|khawatir dipaksa|takut dijual|khawatir dijual|afraid of being forced|"
        "scared of being forced|worried about being forced|afraid of being sold|takut nanti dipaksa|"
        "takut kalau dipaksa|wedi dipekso|sieun dipaksa",
    ),
    _rule("forced_work", _UNPAID + "|" + _HOURS + "|" + _DEBT, _TRAPPED),
    _rule("forced_work", _HOURS, _UNPAID),
    _rule("forced_work", _EARLY, _LATE, _UNPAID + "|" + _TRAPPED + "|" + _NO_DAY_OFF),
    _rule("forced_work", _NO_DAY_OFF, _UNPAID, _TRAPPED + "|" + _DEBT),
    _rule("forced_work", "forced kerja|forced bekerja|kerja forced|forced to kerja|dipaksa kerja tanpa gaji"),
    _rule("forced_work", _SCAMMING, _SCAM_TRAPPED),
    # Unpaid and the papers held: "no salary 5 month, boss simpan permit".
    _rule("forced_work", _UNPAID, _DOCUMENT, _DOC_TAKEN, unless=_DOC_MINE),
    _rule("forced_work", "saya sudah dibeli|kami sudah dibeli|aku sudah dibeli|saya dibeli|kami dibeli|aku dibeli|"
          "bought me|bought us|sold me|dijual ke mereka|we were bought|i was bought"),
    _rule("ransom", "tebusan|uang tebusan|minta tebusan|ransom|ditebus"),
    # Stranded abroad with nothing.
    _rule(
        "stranded",
        "terlantar|telantar|ditelantarkan|terdampar|terkandas|keblangsak|terlunta lunta|tidur di jalan|"
        "tidur di jalanan|stranded|sleeping on the street|kabur dari majikan|kabur dari agensi|"
    "lari dari rumah majikan|"
        "kabur dari rumah majikan|ran away from|escaped from|melarikan diri|tidak dikasih makan|"
        "tidak diberi makan|tidak pernah dikasih makan|tidak pernah diberi makan|no food|"
        "ditinggal di hutan|ditinggal calo di hutan|left in the jungle|ditinggal di tengah jalan",
    ),
    _rule("stranded", _OUT_ON_THE_STREET, _NO_MONEY, unless=_NOT_ABANDONED),
    _rule("stranded", _ABANDONED_BY, _NOTHING),
    _rule("stranded", "diusir|kena halau|dihalau|kicked out|thrown out|kena usir|diusir majikan",
          "tengah malam|malam malam|tepi jalan|pinggir jalan|di jalan|on the street|duduk di|tidur di|"
          "sekarang|right now|now", unless=_NOT_ABANDONED + "|kos|kost|kontrakan|rent|sewa"),
    _rule("stranded", _ABANDONED, _NOWHERE, _NOTHING, unless=_NOT_ABANDONED),
    # Saying outright that the danger is now.
    _rule(
        "in_danger",
        "masih dalam bahaya|masih bahaya|dalam bahaya sekarang|sedang dalam bahaya|lagi dalam bahaya|"
        "still in danger|in danger right now|i am in danger|we are in danger|saya dalam bahaya|"
        "aku dalam bahaya|kami dalam bahaya|nyawa saya terancam|nyawaku terancam|nyawa kami terancam|"
        "my life is in danger|our lives are in danger|masih ngamuk|sedang ngamuk|lagi ngamuk|"
        "dalam bahaya besar|abdi dina bahaya|aku lagi bebaya|aku dalam bebaya",
    ),
    # A held passport alone is an abuse sign, not yet a crisis; with "cannot leave" it is one.
    _rule("document_retention", _DOCUMENT, _DOC_TAKEN, _CANNOT_GO_HOME + "|" + _KEPT_IN + "|" + _NO_CONTACT),
    _rule("document_retention", _DOCUMENT, _DOC_TAKEN, _PAY, _TO_LEAVE, unless=_NOT_RANSOM),
    _rule("document_retention", _DOCUMENT, _DOC_TAKEN, _NOT_RETURNED, unless=_DOC_MINE),
    _rule("document_retention", _DOCUMENT, _DOC_TAKEN, strength="possible", unless=_DOC_MINE),
    _rule("stranded", _NO_MONEY, "paspor|passport|dokumen|documents|pasport", strength="possible"),
    _rule("medical", _MEDICAL, strength="possible", unless=_NOT_MEDICAL),
    _rule(
        "fear",
        "ketakutan|sangat takut|takut banget|takut sekali|so scared|really scared|very scared|terrified|"
        "mau kabur|ingin kabur|saya kabur|aku kabur|escape|hp disita|hp diambil|phone taken|took my phone|"
        "sieun pisan|saya takut dia|aku takut dia|takut dibunuh|takut dipukul|i am scared he|i am afraid he",
        strength="possible",
    ),
    _rule("fear", _DISTRESS, _CONTROLLER, strength="possible", unless=_NOT_DISTRESS),
    _rule(
        "alarm_word",
        "darurat|emergency|bahaya|danger|in danger|urgent",
        strength="possible",
        unless="nomor darurat|emergency number|emergency numbers|emergency contact|kontak darurat|"
        "darurat itu|tombol darurat|emergency button|bahaya tidak|bahaya gak|is it dangerous|dangerous|"
        "bukan darurat|tidak darurat|not an emergency|not urgent|bukan emergency|tidak urgent|bukan urgent",
    ),
    _rule("sos", "sos|mayday"),
    # Cues: ordinary words on their own, evidence only next to a very confident classifier.
    _rule(
        "cue",
        "takut|sieun|wedi|scared|afraid|kabur|sembunyi|bersembunyi|hiding|hide|dijaga|guarded|dikejar|"
        "chased|nangis|menangis|crying|pisau|knife|memar|bruise|bruises|luka|injured|dimarahi|kasar|"
        "disentuh|malam malam|tidak kuat|sudah tidak kuat|tidak tahan|putus asa|hopeless|"
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
# Core words that are also the name of the help command or a menu ("help", "bantuan"): on their own (no "me",
# no "tolong") they ask "are you in danger right now?" rather than raise the alarm.
AMBIGUOUS_PLEA = _words("help helpp bantuan bantu")
PLEA_OBJECTS = _words("me us saya aku kami abdi kulo tiang")
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
    "once was|had been|baheula|biyen|dulu kala|pernah|dulu|kemarin dulu|kungsi|kapungkur|nate|"
    + "|".join(f"in {y}|tahun {y}|taun {y}|pada {y}" for y in range(2000, 2026))
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
    "apa yang harus dilakukan jika|how can i tell|how do i know|is it true|apa yang harus dilakukan kalau|"
    "apa yang harus saya lakukan kalau|harus gimana kalau ada|kalau ada teman yang|if a friend|viral|"
    "video viral|kejadian kapan|itu kejadian|mau belajar|ikut konseling|"
    # hearsay: "kata orang ... disekap ya? sy cuma denger2"
    "kata orang|kata orang orang|orang bilang|orang orang bilang|cuma denger|cuma dengar|hanya dengar|"
    "denger denger|dengar dengar|people say|people said|heard that|is that real|is that true|rumor|rumour|"
    "gosip|hoax|hoaks|jaga jaga|buat jaga jaga|untuk jaga jaga|just heard|only heard|aku krungu|krungu jare|"
    "abdi nguping|abdi ngadangu|saya terdengar"
)
# Hearsay about nobody in particular ("kata teman di kamboja banyak yang disekap, bener gak?"): not now, but
# only when nobody speaks for themselves ("apa bener ini helpline? saya disekap" stays urgent).
HEARSAY = (
    "kata orang|kata orang orang|orang bilang|orang orang bilang|kata teman|kata tetangga|kata mereka|"
    "people say|people said|heard that|is that real|is that true|krungu|ceunah|cenah|katanya banyak|"
    "kabarnya|bener tidak|benar tidak|apa bener|apa benar|jare wong|jarene wong|ujar urang|beneran tidak|"
    "they say that|rumors|banyak yang"
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
    "fine now|sudah baikan|sudah dibawa ke dokter|took me to the doctor|bawa saya ke dokter|"
    "sudah dibawa ke rumah sakit|sudah kerja di tempat baru|sudah pindah majikan|sudah ganti majikan|"
    "majikan baru|home safe|wis mulih|wes mulih|wis bali|wes bali|wis aman|wes aman|wis neng omah|"
    "wes neng omah|tos di lembur|tos uih|tos mulih|tos aman|parantos uih|atos uih|tos di bumi|"
    "sudah balik kampung|sudah di kampung|sudah keluar dari sana|sudah lepas dari|sudah lebih baik|"
    "sudah membaik|feeling better|doing better|sudah diambil lagi|sudah dikembalikan|got it back"
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
# Anyone speaking for themselves: an impersonal "kalau ... ?" question has none of these.
FIRST_PERSON = _words("saya aku abdi kulo tiang kami i me my we us our mine aq gue")
# "kalau kabur dari majikan bisa dipenjara?": a condition near the start of a question, about nobody in
# particular, asks about the rules (POSSIBLE at most, never the alarm).
CONDITIONAL = _words("kalau jika jikalau if misal misalnya seandainya andai umpama nek lamun upami sekiranya")
QUESTION_ANYWHERE = _words(
    "kemana mana bagaimana apakah bolehkah bisakah what how where will would bener benar emang ora"
)
# Laughter: "pengen mati rasanya wkwk" after a football match. Self-harm words with it ask, not alarm.
LAUGHTER = _words("wkwk wkwkwk wkwkwkwk haha hahaha hehe hehehe lol lmao rofl xixixi awokawok")
LAUGHTER_EMOJI = frozenset("😂🤣😆😹")
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
