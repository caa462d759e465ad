"""Settings from the environment (and `.env`), validated once at start.

A wrong value stops the program with one line naming the variable and what would work
(see :func:`load_settings`), never a traceback. Secrets are `SecretStr`: they print as
``**********`` in logs and reprs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from adapters.places import default_database_url


class SettingsError(Exception):
    """A setting is missing or wrong; the message names it and says what works."""


class Settings(BaseSettings):
    # env_ignore_empty: `SLACK_BOT_TOKEN=` (as in .env.example, or an empty variable from
    # compose/Kubernetes) means "not set", not "set to an empty token".
    model_config = SettingsConfigDict(
        env_file=".env", extra="ignore", populate_by_name=True, env_ignore_empty=True
    )

    #: Default: inroads.sqlite3 in the user's data directory (see adapters/places.py).
    database_url: str = Field(
        default_factory=default_database_url, validation_alias="INROADS_DATABASE_URL"
    )
    http_port: int = Field(3000, ge=1, le=65535, validation_alias="INROADS_HTTP_PORT")
    #: Loopback by default: Slack events, /readyz and /metrics are then reachable only
    #: from this machine until someone chooses otherwise. The container image, compose
    #: file and Helm chart set 0.0.0.0, where the container's network is the boundary.
    http_host: str = Field("127.0.0.1", validation_alias="INROADS_HTTP_HOST")
    #: When set, GET /metrics needs `Authorization: Bearer <token>`.
    metrics_token: SecretStr | None = Field(None, validation_alias="INROADS_METRICS_TOKEN")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", validation_alias="INROADS_LOG_LEVEL"
    )
    log_format: Literal["text", "json"] = Field("text", validation_alias="INROADS_LOG_FORMAT")
    #: `-` is stderr; a path is that file. Unset: a file in the user's log directory when
    #: the console is the interface (log lines would land among its answers), else stderr.
    log_file: str | None = Field(None, validation_alias="INROADS_LOG_FILE")
    #: Where the console saves files (charts, exports, calendar files); `--files` wins.
    files_dir: Path | None = Field(None, validation_alias="INROADS_FILES_DIR")
    db_connect_attempts: int = Field(
        10, ge=1, le=1000, validation_alias="INROADS_DB_CONNECT_ATTEMPTS"
    )
    db_retry_max_seconds: float = Field(
        30.0, gt=0, le=600, validation_alias="INROADS_DB_RETRY_MAX_SECONDS"
    )
    shutdown_timeout_seconds: float = Field(
        10.0, gt=0, le=300, validation_alias="INROADS_SHUTDOWN_TIMEOUT_SECONDS"
    )
    #: `/readyz` reports not ready while an acknowledged command has waited longer.
    ready_max_backlog_seconds: float = Field(
        5.0, gt=0, le=3600, validation_alias="INROADS_READY_MAX_BACKLOG_SECONDS"
    )
    default_timezone: str = Field("UTC", validation_alias="INROADS_DEFAULT_TIMEZONE")
    dispatch_interval_seconds: float = Field(
        1.0, gt=0, le=3600, validation_alias="INROADS_DISPATCH_INTERVAL_SECONDS"
    )

    slack_bot_token: SecretStr | None = Field(None, validation_alias="SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr | None = Field(None, validation_alias="SLACK_SIGNING_SECRET")
    slack_app_token: SecretStr | None = Field(None, validation_alias="SLACK_APP_TOKEN")
    slack_client_id: str | None = Field(None, validation_alias="SLACK_CLIENT_ID")
    slack_client_secret: SecretStr | None = Field(None, validation_alias="SLACK_CLIENT_SECRET")
    slack_api_url: str = Field("https://slack.com/api/", validation_alias="SLACK_API_URL")
    encryption_key: SecretStr | None = Field(None, validation_alias="INROADS_ENCRYPTION_KEY")
    slack_purge_grace_days: int = Field(
        30, ge=0, le=365, validation_alias="INROADS_SLACK_PURGE_GRACE_DAYS"
    )
    #: Where accepted request signatures are remembered (replay protection): `memory`
    #: (this process), `database` (shared by every replica), `auto` (database on
    #: PostgreSQL, where replicas share one; memory on SQLite, a single process).
    slack_replay_store: Literal["auto", "memory", "database"] = Field(
        "auto", validation_alias="INROADS_SLACK_REPLAY_STORE"
    )

    discord_token: SecretStr | None = Field(None, validation_alias="DISCORD_TOKEN")
    discord_api_base: str | None = Field(None, validation_alias="DISCORD_API_BASE")
    discord_shard_count: int | None = Field(
        None, ge=1, le=100_000, validation_alias="DISCORD_SHARD_COUNT"
    )
    discord_shard_ids: str | None = Field(None, validation_alias="DISCORD_SHARD_IDS")
    discord_test_guild_id: int | None = Field(None, ge=1, validation_alias="DISCORD_TEST_GUILD_ID")

    @model_validator(mode="after")
    def _slack_pairs(self) -> Settings:
        if self.slack_bot_token and not (self.slack_signing_secret or self.slack_app_token):
            raise ValueError(
                "SLACK_BOT_TOKEN needs SLACK_SIGNING_SECRET (HTTP mode) "
                "or SLACK_APP_TOKEN (Socket Mode)"
            )
        if bool(self.slack_client_id) != bool(self.slack_client_secret):
            raise ValueError("SLACK_CLIENT_ID and SLACK_CLIENT_SECRET must be set together")
        return self

    @field_validator("slack_api_url")
    @classmethod
    def _trailing_slash(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value if value.endswith("/") else value + "/"

    @field_validator("default_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("must be an IANA time zone such as Europe/Paris") from exc
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if not value.split(":", 1)[0].startswith(("sqlite", "postgres")):
            raise ValueError(
                "must be a SQLite or PostgreSQL URL, e.g. postgresql+asyncpg://user@host/db"
            )
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        # Parsed here so a typo stops the program with this line, not a traceback later.
        try:
            port = make_url(value).port
        except ValueError as exc:  # int() of the port
            raise ValueError(
                "its port must be a number, e.g. postgresql+asyncpg://user@host:5432/db"
            ) from exc
        except ArgumentError as exc:
            raise ValueError(
                "it is not a URL SQLAlchemy can read, e.g. postgresql+asyncpg://user@host/db"
            ) from exc
        if port is not None and not 0 < port < 65536:
            raise ValueError("its port must be between 1 and 65535, e.g. 5432")
        return value

    @property
    def slack_replay_shared(self) -> bool:
        if self.slack_replay_store == "auto":
            return self.database_url.startswith("postgres")
        return self.slack_replay_store == "database"

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_app_token or self.slack_bot_token or self.slack_client_id)

    @model_validator(mode="after")
    def _discord_shards(self) -> Settings:
        ids = self.discord_shard_id_list
        if ids and self.discord_shard_count is None:
            raise ValueError("DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT (the total number)")
        if ids and self.discord_shard_count is not None and max(ids) >= self.discord_shard_count:
            raise ValueError("DISCORD_SHARD_IDS must be below DISCORD_SHARD_COUNT (ids start at 0)")
        return self

    @field_validator("discord_shard_ids")
    @classmethod
    def _shard_ids(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        parts = [p.strip() for p in value.split(",")]
        if not all(p.isdigit() for p in parts):
            raise ValueError("must be shard numbers separated by commas, e.g. 0,1,2")
        return ",".join(parts)

    @field_validator("discord_api_base")
    @classmethod
    def _discord_base(cls, value: str | None) -> str | None:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError(
                "must start with http:// or https://, e.g. https://discord.com/api/v10"
            )
        return value.rstrip("/") if value else None

    @property
    def discord_shard_id_list(self) -> list[int] | None:
        if not self.discord_shard_ids:
            return None
        return sorted({int(p) for p in self.discord_shard_ids.split(",")})

    @property
    def discord_enabled(self) -> bool:
        return self.discord_token is not None

    @property
    def console_only(self) -> bool:
        return not (self.slack_enabled or self.discord_enabled)


_ENV_NAMES = {
    name: (field.validation_alias if isinstance(field.validation_alias, str) else name.upper())
    for name, field in Settings.model_fields.items()
}


def load_settings(**overrides: object) -> Settings:
    """Read and validate settings; raise SettingsError with one readable line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        message = str(first["msg"]).removeprefix("Value error, ")
        if not first["loc"]:
            raise SettingsError(f"Settings are inconsistent: {message}.") from None
        field = str(first["loc"][0])
        variable = _ENV_NAMES.get(field, field)
        raise SettingsError(f"Setting {variable} is invalid: {message}.") from None
