"""Login rate limiting: guessing passwords must be slowed down after a few failures."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from security_helpers import add_staff, log_in

GUESSES = 25


@pytest.mark.xfail(
    strict=True,
    reason="handoff/console/login.py has no login rate limit: 25 wrong passwords in a row all get 401, "
    "none 429, so an online guessing attack is bounded only by Argon2's cost",
)
async def test_repeated_wrong_passwords_are_throttled(app: FastAPI, client: httpx.AsyncClient) -> None:
    await add_staff(app, "ana", "agent")
    answers = [(await log_in(client, "ana", f"guess-number-{n:04d}")).status_code for n in range(GUESSES)]
    assert set(answers) <= {401, 429}, answers
    assert 429 in answers, answers
