"""Which language a message is in: id, en, su (Sundanese), jv (Javanese), ms (Malay), sas (Sasak).

Chat messages are too short for statistical detectors trained on prose, and our users mix Indonesian with
a regional language. A lexicon of function words and common verbs that are distinctive for each language
works better here: Indonesian is the default, a regional language wins when it has distinctive words.
"""

from __future__ import annotations

from nlu.normalise import raw_words


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that mark a language. Words shared with Indonesian ("saya", "kerja") are left out of the regional
# lists on purpose: they would make every Indonesian message look regional.
_MARKERS: dict[str, frozenset[str]] = {
    "en": _words(
        "the i my me you your is are am was were to of and what how where when who why which can could "
        "please help need want work job do does did not have has it this that there for with from about "
        "agency recruiter passport visa contract fee fees salary employer sister brother daughter son wife "
        "husband mother father hi hello thanks thank bye going abroad document documents legit scam "
        "locked beaten hurt kill die police embassy home money stuck trapped right now"
    ),
    "id": _words(
        "saya aku kamu yang tidak ga gak nggak apa bagaimana gimana gmn mau ingin kerja bekerja ke di dari "
        "dengan untuk ini itu ada sudah udah belum bisa tolong adik kakak anak ibu bapak suami istri "
        "majikan agensi paspor berapa kapan kenapa sekarang tapi juga dokumen syarat gaji biaya luar negeri "
        "dong sih deh kok nih ya kah lagi banget mohon permisi halo terima kasih sy mw krj tlg"
    ),
    "su": _words(
        "abdi teu naon kumaha sareng pisan punten nuju dieu ieu eta urang hoyong damel mah teh atuh "
        "tiasa kenging sanes kedah badé bade mulih artos bumi salira anjeun akang teteh ceuk geus "
        "tos acan can moal tulungan nyuhunkeun hatur nuhun wilujeng kamana timana sabaraha iraha"
    ),
    "jv": _words(
        "aku ora opo piye kepiye arep kerjo karo wis ning neng sing iki kuwi ojo mboten kulo panjenengan "
        "sampeyan pengen duwe iso isa dadi wae ae tulungi tulung omah bali mulih duit digebuki dipateni "
        "dijupuk metu nggih inggih matur nuwun piro pira endi ngendi lungo lunga gawe nyambut"
    ),
    "ms": _words(
        "tak nak boleh awak kat dah je sikit betul sahaja hendak mahu kena tiada macam mana bila "
        "pasport pejabat kerajaan bayaran duit ugut rogol terkandas sebab dekat ni tu encik cik puan rakan "
        "bilik kilang cakap khabar pasal"
    ),
    "sas": _words(
        "tiang side ndek ape berembe lalo mele kepeng ndarak inak amak isik bau ulek kanak sengak mbe "
        "lamun tulung"
    ),
}

# Words that alone strongly identify a regional language (weighted higher than shared marker words).
_DISTINCTIVE: dict[str, frozenset[str]] = {
    "su": _words("abdi teu naon kumaha punten nuju hoyong damel tiasa kenging atuh mulih artos tulungan"),
    "jv": _words("ora opo piye kepiye arep kerjo wis neng ojo mboten kulo sampeyan duwe iso tulungi"),
    "ms": _words("nak awak kat tiada macam sahaja ugut rogol terkandas encik rakan mahu bilik kilang cakap"),
    "sas": _words("tiang side ndek berembe lalo mele kepeng ndarak isik ulek"),
}
_REGIONAL = ("su", "jv", "ms", "sas")
# Malay shares most of its everyday words with Indonesian ("saya", "majikan", "tolong"), so Malay is weighed
# only against words that are Indonesian and not Malay.
_ONLY_INDONESIAN = _words(
    "gimana gmn bagaimana nggak gak ga enggak udah udh banget bgt dong sih deh kok nih mau mw pengen ingin "
    "uang bisa kakak kak min sy aja doang"
)


def detect_language(text: str) -> str:
    """Best guess language code; "id" when there is nothing to go on (the helpline's main language)."""
    scores = dict.fromkeys(_MARKERS, 0.0)
    words = raw_words(text)
    for word in words:
        for lang, markers in _MARKERS.items():
            if word in markers:
                scores[lang] += 1.0
        for lang, distinctive in _DISTINCTIVE.items():
            if word in distinctive:
                scores[lang] += 1.5
    scores["id_only"] = sum(1.0 for word in words if word in _ONLY_INDONESIAN)
    regional = max(_REGIONAL, key=scores.__getitem__)
    # A regional language needs a distinctive word and must not trail Indonesian by much:
    # "tolong saya dikunci majikan, teu tiasa kaluar" is Sundanese-mixed and worth answering as such.
    rival = scores["id_only"] if regional == "ms" else scores["id"]
    if scores[regional] >= 2.5 and scores[regional] >= rival * 0.8:
        return regional
    return "en" if scores["en"] > scores["id"] else "id"
