"""The WhatsApp 24-hour customer-service window.

After a user's last message a business may send free-form messages for 24 hours; outside that window
only an approved template may start a conversation. The console shows ``window_closes_at`` to staff
and the outbox refuses free-form replies when ``service_window_open`` is False.
"""

from __future__ import annotations

from datetime import datetime, timedelta

SERVICE_WINDOW = timedelta(hours=24)
OUTSIDE_WINDOW_ERROR = "outside 24h window: template required"


def window_closes_at(last_inbound_at: datetime | None) -> datetime | None:
    """When free-form replies stop being allowed; None if the user never wrote."""
    return last_inbound_at + SERVICE_WINDOW if last_inbound_at is not None else None


def service_window_open(last_inbound_at: datetime | None, now: datetime) -> bool:
    closes = window_closes_at(last_inbound_at)
    return closes is not None and now < closes
