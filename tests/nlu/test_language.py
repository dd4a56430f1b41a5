from __future__ import annotations

import pytest

from nlu.language import detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("sy mw krj k taiwan, dokumennya apa aj", "id"),
        ("gaji saya belum dibayar tiga bulan", "id"),
        ("my sister has not called for two months", "en"),
        ("punten, abdi hoyong damel di taiwan, kumaha carana", "su"),
        ("tulung abdi teu tiasa kaluar ti bumi majikan", "su"),
        ("aku ora iso metu, pasporku dijupuk majikan", "jv"),
        ("piye carane kerjo neng hongkong", "jv"),
        ("saya tak boleh keluar, majikan ugut nak bunuh", "ms"),
        ("tulung tiang, tiang ndek bau lalo", "sas"),
        ("saya mahu balik tapi majikan kurung saya, tolong", "ms"),
        ("sy tak tau caranya, gimana kak", "id"),
        ("", "id"),
        ("😀😀", "id"),
    ],
)
def test_detects_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang
