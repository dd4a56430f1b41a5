"""Message text at rest is Fernet-encrypted; the raw database never holds a plaintext message.

Keys come from ``HELPLINE_ENCRYPTION_KEYS`` (newest first, so old rows stay readable after a
rotation) or, if unset, are derived from the secret key.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class TranscriptCipher:
    def __init__(self, keys: list[str]) -> None:
        if not keys:
            raise ValueError("at least one encryption key is needed")
        self._fernet = MultiFernet([Fernet(k) for k in keys])

    @classmethod
    def from_settings(cls, encryption_keys: str, secret_key: str) -> TranscriptCipher:
        keys = [k.strip() for k in encryption_keys.split(",") if k.strip()]
        if not keys:
            digest = hashlib.sha256(b"helpline-transcript:" + secret_key.encode()).digest()
            keys = [base64.urlsafe_b64encode(digest).decode()]
        return cls(keys)

    def encrypt(self, text: str) -> bytes:
        return self._fernet.encrypt(text.encode("utf-8"))

    def decrypt(self, token: bytes) -> str:
        try:
            return self._fernet.decrypt(bytes(token)).decode("utf-8")
        except InvalidToken:
            # A key was retired too early; show staff a marker rather than crash the console.
            return "[unreadable: encryption key not available]"

    def rotate(self, token: bytes) -> bytes:
        """Re-encrypt with the newest key (used by `helpline keys rotate`)."""
        return self._fernet.rotate(bytes(token))
