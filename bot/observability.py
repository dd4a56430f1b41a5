"""Structured logs (one JSON line per event) and Prometheus metrics.

Logs carry ids and counts only: never message text, names or phone numbers at INFO.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from datetime import UTC, datetime
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from bot.privacy.scrubber import ScrubFilter

_RESERVED = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "color_message"}


class JsonLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        line.update({k: v for k, v in record.__dict__.items() if k not in _RESERVED})
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLineFormatter())
    handler.addFilter(ScrubFilter())  # no phone number, NIK, passport or e-mail reaches a log line
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Third-party request logs would print URLs that carry bot tokens; keep them quiet.
    for noisy in ("httpx", "httpcore", "telegram", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


class OutageWarning:
    """One log warning per outage-minute for a dependency we can work without (Redis), not one per call."""

    def __init__(self, logger: logging.Logger, message: str, every_seconds: float = 60.0) -> None:
        self._logger = logger
        self._message = message
        self._every = every_seconds
        self._last = -every_seconds

    def report(self, err: Exception) -> None:
        now = time.monotonic()
        if now - self._last >= self._every:
            self._last = now
            self._logger.warning(self._message, extra={"error": f"{type(err).__name__}: {err}"})


class Metrics:
    """One registry per app, so tests and several apps in one process never collide."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.messages_in = Counter(
            "helpline_messages_in_total", "Inbound messages accepted", ["channel"], registry=self.registry
        )
        self.messages_out = Counter(
            "helpline_messages_out_total", "Outbound messages produced", ["channel"], registry=self.registry
        )
        self.duplicates = Counter(
            "helpline_duplicate_deliveries_total",
            "Redelivered messages ignored",
            ["channel"],
            registry=self.registry,
        )
        self.nlu_latency = Histogram(
            "helpline_nlu_latency_seconds",
            "Time to parse one message",
            registry=self.registry,
            buckets=(0.0005, 0.001, 0.002, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0),
        )
        self.turn_latency = Histogram(
            "helpline_turn_latency_seconds",
            "Time to handle one inbound message",
            ["channel"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
        )
        self.urgent = Counter("helpline_urgent_total", "Urgent messages detected", registry=self.registry)
        self.queue_depth = Gauge(
            "helpline_queue_depth", "Open tickets waiting for staff", ["priority"], registry=self.registry
        )
