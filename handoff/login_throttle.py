"""Slow down password guessing on the console login: after a few failures for one name or from one
address, further attempts are refused (429) for a while, before the password is even checked.

Kept in process memory: with several app processes each one counts on its own, so the bound is
``processes x MAX_FAILURES`` per window, still far below what online guessing needs.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque

MAX_FAILURES = 5  # per login name
MAX_FAILURES_PER_ADDRESS = 20  # higher: a whole team may log in through one proxy address
WINDOW_SECONDS = 15 * 60
MAX_KEYS = 10_000  # bounded memory even under a spray of names or addresses


class LoginThrottle:
    def __init__(
        self,
        max_failures: int = MAX_FAILURES,
        max_per_address: int = MAX_FAILURES_PER_ADDRESS,
        window_seconds: float = WINDOW_SECONDS,
    ) -> None:
        self.max_failures = max_failures
        self.max_per_address = max_per_address
        self.window = window_seconds
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.get(key)
        if times is None:
            return deque()
        while times and now - times[0] > self.window:
            times.popleft()
        if not times:
            del self._failures[key]
        return times

    def retry_after(self, keys: list[str], now: float | None = None) -> int:
        """Seconds until these keys may try again; 0 when allowed now."""
        now = time.monotonic() if now is None else now
        wait = 0.0
        for key in keys:
            times = self._recent(key, now)
            limit = self.max_per_address if key.startswith("addr:") else self.max_failures
            if len(times) >= limit:
                wait = max(wait, times[-limit] + self.window - now)
        return int(wait) + 1 if wait > 0 else 0

    def failed(self, keys: list[str], now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        for key in keys:
            times = self._recent(key, now)
            times.append(now)
            self._failures[key] = times
            self._failures.move_to_end(key)
        while len(self._failures) > MAX_KEYS:
            self._failures.popitem(last=False)

    def succeeded(self, keys: list[str]) -> None:
        for key in keys:
            self._failures.pop(key, None)


def throttle_keys(name: str, address: str | None) -> list[str]:
    return [f"name:{name.strip().lower()}", f"addr:{address or 'unknown'}"]
