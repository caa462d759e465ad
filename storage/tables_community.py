"""The community's tables: the directory's search terms, conversation requests and
blocks, and warm-introduction offers and requests (issue 18). Re-exported by
storage/tables.py, so importing that registers them with the one metadata.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from storage.tables_columns import NEVER_REUSE_IDS, owned, tenant
from storage.tables_metadata import metadata
from storage.types import UTCDateTime

#: Search terms of each listed member (field keys, company and school words, topics,
#: words), derived from the profile by the core and replaced whenever it changes: an
#: index the database can use, not a second copy anyone reads.
directory_terms = Table(
    "directory_terms",
    metadata,
    Column("id", Integer, primary_key=True),
    *owned(),
    Column("profile_id", Integer, ForeignKey("profiles.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("value", String(100), nullable=False),
    #: The member's rotation place, copied so one index gives a term's holders in order.
    Column("listing_rank", Integer, nullable=False, default=0, server_default="0"),
    Index(
        "ix_directory_terms_lookup",
        "platform",
        "workspace_id",
        "kind",
        "value",
        "listing_rank",
        "profile_id",
    ),
    Index("ix_directory_terms_owner", "platform", "workspace_id", "user_id"),
    # Checks "does this member hold that term?" from the index alone (and cascades).
    Index("ix_directory_terms_profile", "profile_id", "kind", "value", "platform", "workspace_id"),
)

#: One row (id 1): which rules built `directory_terms` (bot.directory.refresh), and the
#: claim of the replica rebuilding it for new ones.
directory_state = Table(
    "directory_state",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("rules_version", String(64), nullable=True),
    Column("claimed_until", UTCDateTime(timezone=True), nullable=True),
)

#: Conversation requests between two members (bot/directory/request_model.py): shared
#: rows, read only by their seeker or helper; admins see counts. The sweep walks
#: waiting ones by `next_check_at`.
conversation_requests = Table(
    "conversation_requests",
    metadata,
    Column("id", Integer, primary_key=True),
    *tenant(),
    Column("seeker_id", String(64), nullable=False),
    Column("helper_id", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("message", Text, nullable=False, default=""),
    Column("times", Text, nullable=False, default=""),
    Column("helper_name", String(120), nullable=False, default="", server_default=""),
    Column("decline_note", Text, nullable=False, default=""),
    Column("agreed_at", UTCDateTime, nullable=True),
    Column("created_at", UTCDateTime, nullable=True),
    Column("sent_at", UTCDateTime, nullable=True),
    Column("answered_at", UTCDateTime, nullable=True),
    Column("reminded_at", UTCDateTime, nullable=True),
    Column("expires_at", UTCDateTime, nullable=True),
    Column("next_check_at", UTCDateTime, nullable=True),
    Column("closed_at", UTCDateTime, nullable=True),
    Column("interview_id", Integer, nullable=True),
    Index("ix_conversation_requests_seeker", "platform", "workspace_id", "seeker_id", "status"),
    Index("ix_conversation_requests_helper", "platform", "workspace_id", "helper_id", "status"),
    Index(
        "ix_conversation_requests_due",
        "next_check_at",
        postgresql_where=text("next_check_at IS NOT NULL"),
        sqlite_where=text("next_check_at IS NOT NULL"),
    ),
    sqlite_autoincrement=NEVER_REUSE_IDS,
)

#: `people block`: the blocker owns the row (their forget-me erases it).
member_blocks = Table(
    "member_blocks",
    metadata,
    Column("id", Integer, primary_key=True),
    *owned(),
    Column("blocked_id", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=True),
    UniqueConstraint(
        "platform", "workspace_id", "user_id", "blocked_id", name="uq_member_blocks_pair"
    ),
    Index("ix_member_blocks_blocked", "platform", "workspace_id", "blocked_id"),
)

#: Companies a member said they can introduce people to (issue 18 §3): company names
#: only, never a contact's. `company_key` is the folded name searches match on.
intro_offers = Table(
    "intro_offers",
    metadata,
    Column("id", Integer, primary_key=True),
    *owned(),
    Column("company", String(200), nullable=False),
    Column("company_key", String(200), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint(
        "platform", "workspace_id", "user_id", "company_key", name="uq_intro_offers_owner_key"
    ),
    Index("ix_intro_offers_key", "platform", "workspace_id", "company_key"),
    sqlite_autoincrement=NEVER_REUSE_IDS,
)

#: A seeker's request to one member for an introduction at one company. `user_id` is the
#: seeker (who owns it with the member: either one's `forget-me` erases it). The sweep
#: walks open ones by `next_check_at`, as it walks conversation requests (0017).
intro_requests = Table(
    "intro_requests",
    metadata,
    Column("id", Integer, primary_key=True),
    *owned(),
    Column("member_id", String(64), nullable=False),
    Column("company", String(200), nullable=False),
    Column("company_key", String(200), nullable=False),
    Column("reason", String(600), nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("answered_at", UTCDateTime, nullable=True),
    Column("reminded_at", UTCDateTime, nullable=True),
    Column("expires_at", UTCDateTime, nullable=True),
    Column("next_check_at", UTCDateTime, nullable=True),
    Index("ix_intro_requests_seeker", "platform", "workspace_id", "user_id", "created_at"),
    Index("ix_intro_requests_member", "platform", "workspace_id", "member_id", "status"),
    Index(
        "ix_intro_requests_due",
        "next_check_at",
        postgresql_where=text("next_check_at IS NOT NULL"),
        sqlite_where=text("next_check_at IS NOT NULL"),
    ),
    sqlite_autoincrement=NEVER_REUSE_IDS,
)
