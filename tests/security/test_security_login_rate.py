"""Login rate limiting: guessing passwords is cut off after a few failures (handoff/README.md: 5 failures
per name, 20 per address, for 15 minutes; 429 with Retry-After)."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from security_helpers import add_staff, log_in

from handoff.auth import COOKIE_NAME

GUESSES = 12


async def test_repeated_wrong_passwords_are_throttled(app: FastAPI, client: httpx.AsyncClient) -> None:
    await add_staff(app, "ana", "agent")
    answers = [(await log_in(client, "ana", f"guess-number-{n:04d}")) for n in range(GUESSES)]
    codes = [a.status_code for a in answers]
    assert set(codes) <= {401, 429}, codes
    assert 429 in codes[:8], codes  # cut off after a handful, not after thousands
    assert all(code == 429 for code in codes[codes.index(429) :]), codes  # and it stays cut off
    assert int(answers[-1].headers["retry-after"]) > 0
    # While throttled even the right password does not log in: the guesser learns nothing.
    right = await log_in(client, "ana")
    assert right.status_code == 429
    assert COOKIE_NAME not in right.headers.get("set-cookie", "")


async def test_guessing_many_names_from_one_address_is_throttled(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    codes = [(await log_in(client, f"nobody-{n:03d}", "wrong password!")).status_code for n in range(26)]
    assert set(codes) <= {401, 429}, codes
    assert 429 in codes, codes
