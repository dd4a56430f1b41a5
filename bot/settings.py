"""The one settings object. Every field is an environment variable with the prefix ``HELPLINE_``.

With nothing set, the helpline runs on its embedded default: a SQLite file under ``var/``, an
in-process queue, the embedded NLU and the web chat, console and dashboard on localhost.
"""

from __future__ import annotations

import ipaddress
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATA_DIR = Path("var")


class SettingsError(Exception):
    """A setting is missing or malformed. ``str()`` is a one-line message naming the variable."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HELPLINE_", env_file=None, extra="ignore")

    environment: Literal["development", "production"] = Field(
        "development", description="`production` refuses to start without webhook secrets and a secret key."
    )
    data_dir: Path = Field(DEFAULT_DATA_DIR, description="Where the embedded SQLite file and NLU model live.")
    database_url: str = Field(
        "", description="SQLAlchemy URL. Empty: sqlite+aiosqlite:///<data_dir>/helpline.sqlite3."
    )
    redis_url: str = Field("", description="Redis URL. Empty: in-process queue and notifications.")
    secret_key: SecretStr = Field(
        SecretStr(""),
        description="Signs sessions and derives the default encryption key. Empty in dev: random.",
    )
    encryption_keys: SecretStr = Field(
        SecretStr(""),
        description="Comma-separated Fernet keys for message text at rest, newest first (rotation). "
        "Empty: derived from the secret key.",
    )
    public_base_url: str = Field("http://127.0.0.1:8000", description="Where users and staff reach the app.")

    nlu_backend: Literal["embedded", "rasa"] = Field("embedded", description="Which NLU answers.")
    rasa_url: str = Field("http://127.0.0.1:5005", description="Rasa 3.6 server, for nlu_backend=rasa.")
    nlu_model_dir: Path | None = Field(
        None, description="Where the embedded NLU model is built and loaded. Empty: <data_dir>/nlu."
    )

    telegram_token: SecretStr = Field(SecretStr(""), description="Bot token from @BotFather.")
    telegram_webhook_secret: SecretStr = Field(
        SecretStr(""), description="Checked against X-Telegram-Bot-Api-Secret-Token."
    )
    telegram_api_base_url: str = Field(
        "https://api.telegram.org/bot", description="Bot API base; tests point it at a local server."
    )
    whatsapp_token: SecretStr = Field(SecretStr(""), description="Cloud API access token.")
    whatsapp_app_secret: SecretStr = Field(
        SecretStr(""), description="Meta app secret for X-Hub-Signature-256."
    )
    whatsapp_verify_token: SecretStr = Field(
        SecretStr(""), description="Answer to the GET verification handshake."
    )
    whatsapp_phone_number_id: str = Field("", description="The sending phone number's id.")
    whatsapp_api_base_url: str = Field(
        "https://graph.facebook.com/v21.0", description="Graph API base; tests point it at a local server."
    )

    redis_prefix: str = Field(
        "helpline",
        pattern=r"^[A-Za-z0-9_.:-]{1,64}$",
        description="Prefix of every Redis key and channel, so several helplines or test runs can share "
        "one server.",
    )
    staff_session_idle_minutes: int = Field(
        30, ge=1, le=24 * 60, description="Console sessions end after this many idle minutes."
    )
    handoff_escalation_seconds: int = Field(
        120, ge=5, description="An urgent ticket unclaimed this long is announced again and escalated."
    )
    handoff_lease_seconds: int = Field(
        30,
        ge=2,
        le=3600,
        description="A claimed ticket whose process stops renewing it this long goes back to the queue.",
    )
    handoff_resync_seconds: float = Field(
        15.0, gt=0, le=3600, description="How often open tickets missing from the queue are re-queued (SQL)."
    )
    handoff_hours: str = Field(
        "mon-sun 00:00-24:00",
        description="When staff answer, Asia/Jakarta time, e.g. 'mon-fri 08:00-20:00; sat 09:00-14:00'. "
        "Outside these hours the user gets the 24-hour numbers at once and the ticket waits.",
    )
    handoff_emergency_numbers: str = Field(
        "",
        description="Optional numbers appended, as written, to the help card for the person's country in the "
        "notice sent when no staff member is online or it is out of hours. Empty: the card alone "
        "(flows/content/countries.yaml, in the person's language).",
    )

    suppression_k: int = Field(
        10, ge=2, le=1000, description="Insights: a count below this shows as '<k' in every view and export."
    )
    retention_days: int = Field(
        90, ge=1, description="Transcripts and contact data of conversations idle this long are deleted."
    )
    retention_interval_minutes: int = Field(
        60, ge=0, description="How often the retention job runs inside the app (0: only `helpline purge`)."
    )
    max_text_chars: int = Field(4096, ge=1, le=65536, description="Longest accepted inbound text.")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", description="Log level.")

    ops_public: bool = Field(
        False,
        description="Serve /metrics, /docs and /openapi.json to anyone. Off: only to a logged-in supervisor "
        "or admin (and /metrics to a scraper sending HELPLINE_METRICS_TOKEN); everyone else gets 404.",
    )
    metrics_token: SecretStr = Field(
        SecretStr(""),
        description="Bearer token a Prometheus scraper sends to /metrics (`Authorization: Bearer ...`). "
        "Empty: no token accepted.",
    )
    trusted_proxies: str = Field(
        "127.0.0.1,::1",
        description="Comma-separated addresses or networks (CIDR) of the reverse proxy. Only a request from "
        "one of them may set the client address and https with X-Forwarded-For / X-Forwarded-Proto; "
        "from anyone else those headers are ignored. Empty: trust no one.",
    )
    hsts_seconds: int = Field(
        31536000,
        ge=0,
        le=2 * 31536000,
        description="Production, over https: Strict-Transport-Security max-age. 0: no HSTS header.",
    )
    max_header_bytes: int = Field(
        16 * 1024,
        ge=1024,
        le=1024 * 1024,
        description="`helpline run`: largest request line plus headers; larger is refused with 431.",
    )
    request_timeout_seconds: float = Field(
        20.0,
        gt=0,
        le=600,
        description="`helpline run`: a client must send a whole request (headers and body) within this "
        "many seconds of starting it, or the connection is closed (slow-client limit).",
    )
    keepalive_timeout_seconds: int = Field(
        5, ge=1, le=300, description="`helpline run`: an idle keep-alive connection is closed after this."
    )

    @field_validator("database_url", "redis_url", "rasa_url", "public_base_url")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, value: str) -> str:
        if value and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must start with redis://, rediss:// or unix://")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies(cls, value: str) -> str:
        entries = []
        for entry in (item.strip() for item in value.split(",") if item.strip()):
            try:  # normalised, so uvicorn's matcher reads each one as we do
                parsed = ipaddress.ip_network(entry, strict=False) if "/" in entry else ipaddress.ip_address(entry)
            except ValueError:
                raise ValueError(
                    f"{entry!r} is not an IP address or network (e.g. 172.30.80.1 or 10.0.0.0/8)"
                ) from None
            entries.append(str(parsed))
        return ",".join(entries)

    @model_validator(mode="after")
    def _production_fails_closed(self) -> Settings:
        if self.environment == "production" and len(self.secret_key.get_secret_value()) < 32:
            raise ValueError("HELPLINE_SECRET_KEY must be at least 32 characters in production")
        return self

    @model_validator(mode="after")
    def _channel_secrets_in_production(self) -> Settings:
        # Fail closed (invariant 6): a channel with a token but no secret would accept forged webhooks.
        if self.environment != "production":
            return self
        if self.telegram_token.get_secret_value() and not self.telegram_webhook_secret.get_secret_value():
            raise ValueError("HELPLINE_TELEGRAM_WEBHOOK_SECRET is required in production when the token is set")
        whatsapp = {
            "HELPLINE_WHATSAPP_APP_SECRET": self.whatsapp_app_secret.get_secret_value(),
            "HELPLINE_WHATSAPP_VERIFY_TOKEN": self.whatsapp_verify_token.get_secret_value(),
            "HELPLINE_WHATSAPP_PHONE_NUMBER_ID": self.whatsapp_phone_number_id,
        }
        missing = [name for name, value in whatsapp.items() if not value]
        if self.whatsapp_token.get_secret_value() and missing:
            raise ValueError(f"{', '.join(missing)} required in production when the WhatsApp token is set")
        return self

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.data_dir / 'helpline.sqlite3'}"

    @property
    def effective_nlu_model_dir(self) -> Path:
        return self.nlu_model_dir or self.data_dir / "nlu"

    @property
    def trusted_proxy_list(self) -> list[str]:
        return [item for item in self.trusted_proxies.split(",") if item]

    @property
    def effective_secret_key(self) -> str:
        """The configured key; in development a random per-process key (sessions end at restart)."""
        key = self.secret_key.get_secret_value()
        return key or _dev_secret()


@lru_cache(maxsize=1)
def _dev_secret() -> str:
    return secrets.token_urlsafe(32)


def _one_line(error: ValidationError) -> str:
    problems = []
    for err in error.errors():
        field = ".".join(str(p) for p in err["loc"]) if err["loc"] else ""
        name = f"HELPLINE_{field.upper()}" if field else "settings"
        msg = err["msg"].removeprefix("Value error, ")
        problems.append(f"{name}: {msg}" if field else msg)
    return "; ".join(problems)


def load_settings(**overrides: object) -> Settings:
    """Read and validate settings; raise :class:`SettingsError` with a one-line message if wrong."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as err:
        raise SettingsError(_one_line(err)) from None
