"""The new-urgent-ticket sound: a short two-tone chime, generated with the standard library so no
binary sits in the repository and nothing is fetched from elsewhere."""

from __future__ import annotations

import io
import math
import struct
import wave
from functools import lru_cache

RATE = 16_000


@lru_cache(maxsize=1)
def alert_wav() -> bytes:
    frames = bytearray()
    for freq, seconds in ((880.0, 0.18), (0.0, 0.05), (660.0, 0.25)):
        count = int(RATE * seconds)
        for i in range(count):
            fade = min(1.0, i / 400, (count - i) / 400)  # no clicks at the edges
            value = 0.45 * fade * math.sin(2 * math.pi * freq * i / RATE) if freq else 0.0
            frames += struct.pack("<h", int(value * 32767))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(bytes(frames))
    return buffer.getvalue()
