"""The Slack install tables and the replay ledger, re-exported by storage/tables.py.

Slack multi-workspace installs use slack_sdk's SQLAlchemy store layout, with wider token
columns because tokens are stored Fernet-encrypted. They are split from tables.py (the
per-tenant tables) to keep it within the size rule; use them as ``tables.slack_bots``
and so on, which also registers the rest of the schema.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Index, Integer, String, Table, Text

from storage.tables_metadata import metadata
from storage.types import UTCDateTime


def _slack_install_columns() -> list[Column[object]]:
    return [
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("client_id", String(32), nullable=False),
        Column("app_id", String(32), nullable=False),
        Column("enterprise_id", String(32)),
        Column("enterprise_name", String(200)),
        Column("team_id", String(32)),
        Column("team_name", String(200)),
        Column("bot_token", Text),
        Column("bot_id", String(32)),
        Column("bot_user_id", String(32)),
        Column("bot_scopes", String(1000)),
        Column("bot_refresh_token", Text),
        Column("bot_token_expires_at", DateTime),
        Column("is_enterprise_install", Boolean, default=False, nullable=False),
        Column("installed_at", DateTime, nullable=False),
    ]


slack_bots = Table(
    "slack_bots",
    metadata,
    *_slack_install_columns(),
    Index("ix_slack_bots_lookup", "client_id", "enterprise_id", "team_id", "installed_at"),
)

slack_installations = Table(
    "slack_installations",
    metadata,
    *_slack_install_columns(),
    Column("enterprise_url", String(200)),
    Column("user_id", String(32), nullable=False),
    Column("user_token", Text),
    Column("user_scopes", String(1000)),
    Column("user_refresh_token", Text),
    Column("user_token_expires_at", DateTime),
    Column("incoming_webhook_url", Text),
    Column("incoming_webhook_channel", String(200)),
    Column("incoming_webhook_channel_id", String(200)),
    Column("incoming_webhook_configuration_url", Text),
    Column("token_type", String(32)),
    Index(
        "ix_slack_installations_lookup",
        "client_id",
        "enterprise_id",
        "team_id",
        "user_id",
        "installed_at",
    ),
)

slack_oauth_states = Table(
    "slack_oauth_states",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("state", String(200), nullable=False),
    Column("expire_at", DateTime, nullable=False),
)

#: Signatures of accepted Slack requests, shared by every replica (replay protection),
#: and, keyed `event:<event_id>`, the Events API events taken (Slack's retries are
#: dropped). A row lives ten minutes, then the Slack component prunes it.
slack_request_signatures = Table(
    "slack_request_signatures",
    metadata,
    Column("signature", String(80), primary_key=True),
    Column("seen_at", UTCDateTime, nullable=False),
    Index("ix_slack_request_signatures_seen_at", "seen_at"),
)
