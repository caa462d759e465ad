"""Table definitions. Every row carries its tenant (platform, workspace_id).

Private rows also carry their owner (user_id); the composite index on
(platform, workspace_id, user_id) serves the scoped queries every repository makes.
Changing a table means a new Alembic revision (see storage/migrations).
The metadata is in tables_metadata.py, the shared column groups in tables_columns.py, the
Slack install tables in tables_slack.py and the community's in tables_community.py; this
module re-exports them, so importing it registers every table.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
)

from storage.tables_columns import NEVER_REUSE_IDS, group_numbered, numbered, owned, tenant
from storage.tables_community import conversation_requests as conversation_requests
from storage.tables_community import directory_state as directory_state
from storage.tables_community import directory_terms as directory_terms
from storage.tables_community import intro_offers as intro_offers
from storage.tables_community import intro_requests as intro_requests
from storage.tables_community import member_blocks as member_blocks
from storage.tables_metadata import metadata as metadata
from storage.tables_slack import slack_bots as slack_bots
from storage.tables_slack import slack_installations as slack_installations
from storage.tables_slack import slack_oauth_states as slack_oauth_states
from storage.tables_slack import slack_request_signatures as slack_request_signatures
from storage.types import UTCDateTime

contacts = Table(
    "contacts",
    metadata,
    Column("id", Integer, primary_key=True),
    *owned(),
    Column("name", String(200), nullable=False),
    Column("company", String(200), nullable=False, default=""),
    Column("role", String(200), nullable=False, default=""),
    Column("industry", String(200), nullable=False, default=""),
    Column("seniority", String(50), nullable=False, default=""),
    Column("member_id", String(64), nullable=True),
    Column("how_known", String(500), nullable=False, default=""),
    Column(
        "referred_by_id", Integer, ForeignKey("contacts.id", ondelete="SET NULL"), nullable=True
    ),
    Column("notes", Text, nullable=False, default=""),
    Column("links", Text, nullable=False, default="", server_default=""),
    Column("research", Text, nullable=False, default="", server_default=""),
    Column("research_done", JSON, nullable=False, default=list, server_default="[]"),
    Column("keep_in_touch", Boolean, nullable=False, default=True, server_default=true()),
    Column("created_at", UTCDateTime, nullable=True),
    Column("last_interaction_at", UTCDateTime, nullable=True),
    Index("ix_contacts_owner", "platform", "workspace_id", "user_id"),
    # Deleting contacts (an import's undo, a delete, a merge) makes the database look for
    # rows that point at each one: without these it scans the whole table per contact.
    Index("ix_contacts_referred_by", "referred_by_id"),
    *numbered("contacts"),
    sqlite_autoincrement=NEVER_REUSE_IDS,
)

interviews = Table(
    "interviews",
    metadata,
    Column("id", Integer, primary_key=True),
    *owned(),
    Column("contact_id", Integer, ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False),
    Column("status", String(16), nullable=False),
    Column("medium", String(32), nullable=False, default=""),
    Column("scheduled_at", UTCDateTime, nullable=True),
    Column("held_at", UTCDateTime, nullable=True),
    Column("requested_at", UTCDateTime, nullable=True),
    Column("thanked_at", UTCDateTime, nullable=True),
    Column("duration_minutes", Integer, nullable=False, default=20),
    Column("notes", Text, nullable=False, default=""),
    Column("takeaways", Text, nullable=False, default=""),
    Column("action_items", Text, nullable=False, default=""),
    Column("questions_asked", JSON, nullable=False, default=list),
    Column("created_at", UTCDateTime, nullable=True),
    Column("updated_at", UTCDateTime, nullable=True),
    Index("ix_interviews_owner", "platform", "workspace_id", "user_id"),
    *numbered("interviews"),
    Index("ix_interviews_contact", "contact_id"),
    sqlite_autoincrement=NEVER_REUSE_IDS,
)

outcomes = Table(
    "outcomes",
    metadata,
    Column("id", Integer, primary_key=True),
    *owned(),
    Column("kind", String(32), nullable=False),
    Column(
        "interview_id", Integer, ForeignKey("interviews.id", ondelete="SET NULL"), nullable=True
    ),
    Column("contact_id", Integer, ForeignKey("contacts.id", ondelete="SET NULL"), nullable=True),
    Column("note", Text, nullable=False, default=""),
    Column("occurred_at", UTCDateTime, nullable=True),
    Index("ix_outcomes_owner", "platform", "workspace_id", "user_id"),
    Index("ix_outcomes_contact", "contact_id"),
    sqlite_autoincrement=NEVER_REUSE_IDS,
)

reminders = Table(
    "reminders",
    metadata,
    Column("id", Integer, primary_key=True),
    *owned(),
    Column("kind", String(32), nullable=False),
    Column("due_at", UTCDateTime, nullable=False),
    Column("text", Text, nullable=False, default=""),
    Column("status", String(16), nullable=False),
    Column("contact_id", Integer, ForeignKey("contacts.id", ondelete="CASCADE"), nullable=True),
    Column("interview_id", Integer, ForeignKey("interviews.id", ondelete="CASCADE"), nullable=True),
    Column("match_id", Integer, nullable=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", String(500), nullable=False, default=""),
    Column("claimed_until", UTCDateTime, nullable=True),
    Column("claim_token", String(64), nullable=True),
    # Deferral set by the dispatcher (backoff, quiet hours, pause): not claimable before it.
    Column("not_before", UTCDateTime, nullable=True),
    Column("sent_at", UTCDateTime, nullable=True),
    Column("late", Boolean, nullable=False, default=False),
    Column("message_ref", String(200), nullable=False, default=""),
    Column("created_at", UTCDateTime, nullable=True),
    # Set, and committed, just before a send reaches the platform; cleared once the row
    # ends. A row claimed again with it set may already be in the person's DMs: the
    # dispatcher asks the platform before sending it again (bot/reminders/send.py).
    Column("sending_since", UTCDateTime, nullable=True),
    Index("ix_reminders_owner", "platform", "workspace_id", "user_id"),
    Index("ix_reminders_contact", "contact_id"),
    *numbered("reminders"),
    Index("ix_reminders_due", "status", "due_at"),
    # The fair claim (storage/repositories/reminder_claims.py): one probe per workspace
    # to list those with pending rows, then a short range scan per workspace for its
    # oldest and most recently due rows, however large one workspace's backlog is.
    Index(
        "ix_reminders_pending_by_workspace",
        "platform",
        "workspace_id",
        "due_at",
        "id",
        postgresql_where=text("status = 'pending'"),
        sqlite_where=text("status = 'pending'"),
    ),
    sqlite_autoincrement=NEVER_REUSE_IDS,
)

#: A thing to do that came out of a conversation (or was added by hand). The interview
#: may be deleted and the item kept; the contact's removal takes its items along. An item
#: with a due date has a check-in (`reminder_id`), cancelled when the item is done.
action_items = Table(
    "action_items",
    metadata,
    Column("id", Integer, primary_key=True),
    *owned(),
    Column(
        "interview_id", Integer, ForeignKey("interviews.id", ondelete="SET NULL"), nullable=True
    ),
    Column("contact_id", Integer, ForeignKey("contacts.id", ondelete="CASCADE"), nullable=True),
    Column("text", Text, nullable=False),
    Column("due_at", UTCDateTime, nullable=True),
    Column("done_at", UTCDateTime, nullable=True),
    Column("reminder_id", Integer, ForeignKey("reminders.id", ondelete="SET NULL"), nullable=True),
    Column("created_at", UTCDateTime, nullable=True),
    Index("ix_action_items_owner", "platform", "workspace_id", "user_id"),
    *numbered("action_items"),
    Index("ix_action_items_interview", "interview_id"),
    Index("ix_action_items_contact", "contact_id"),
    sqlite_autoincrement=NEVER_REUSE_IDS,
)

user_settings = Table(
    "user_settings",
    metadata,
    Column("id", Integer, primary_key=True),
    *owned(),
    Column("timezone", String(64), nullable=False, default="UTC"),
    Column("quiet_start", String(5), nullable=False, default="21:00"),
    Column("quiet_end", String(5), nullable=False, default="08:00"),
    Column("keep_in_touch_days", JSON, nullable=False, default=list),
    Column("paused", Boolean, nullable=False, default=False),
    Column("display_name", String(200), nullable=False, default=""),
    Column("about_me", String(500), nullable=False, default=""),
    Column("school", String(200), nullable=False, default=""),
    Column("goal", String(32), nullable=False, default=""),
    Column("pending_notice", String(500), nullable=False, default=""),
    Column("timezone_source", String(16), nullable=False, default="default"),
    Column("date_order", String(3), nullable=False, default="", server_default=""),
    Column("standing", String(16), nullable=False, default="", server_default=""),
    Column("class_year", Integer, nullable=True),
    UniqueConstraint("platform", "workspace_id", "user_id", name="uq_user_settings_owner"),
    # Only the few rows with a notice: the notice index reloads from it every half minute.
    Index(
        "ix_user_settings_pending_notice",
        "platform",
        "workspace_id",
        "user_id",
        postgresql_where=text("pending_notice <> ''"),
        sqlite_where=text("pending_notice <> ''"),
    ),
)

custom_questions = Table(
    "custom_questions",
    metadata,
    Column("id", Integer, primary_key=True),
    *owned(),
    Column("text", String(500), nullable=False),
    Column("category", String(64), nullable=False, default="custom"),
    Column("created_at", UTCDateTime, nullable=True),
    Index("ix_custom_questions_owner", "platform", "workspace_id", "user_id"),
    *numbered("custom_questions"),
    sqlite_autoincrement=NEVER_REUSE_IDS,
)

profiles = Table(
    "profiles",
    metadata,
    Column("id", Integer, primary_key=True),
    *owned(),
    Column("role", String(16), nullable=False),
    Column("industries", JSON, nullable=False, default=list),
    Column("roles", JSON, nullable=False, default=list),
    Column("topics", JSON, nullable=False, default=list),
    Column("languages", JSON, nullable=False, default=list),
    Column("timezone", String(64), nullable=False, default="UTC"),
    Column("capacity", Integer, nullable=False, default=1),
    Column("bio", String(1000), nullable=False, default=""),
    Column("learning_goal", String(500), nullable=False, default=""),
    Column("goal", String(32), nullable=False, default=""),
    Column("paused_until", UTCDateTime, nullable=True),
    Column("active", Boolean, nullable=False, default=True),
    Column("unmatched_rounds", Integer, nullable=False, default=0),
    Column("created_at", UTCDateTime, nullable=True),
    # Consent per feature and the open-to-chat directory's own fields (migration 0013).
    Column("in_matching", Boolean, nullable=False, default=True, server_default=true()),
    Column("listed_at", UTCDateTime, nullable=True),
    Column("company", String(200), nullable=False, default="", server_default=""),
    Column("path_tags", JSON, nullable=False, default=list, server_default="[]"),
    Column("school", String(200), nullable=False, default="", server_default=""),
    Column("class_year", Integer, nullable=True),
    Column("chat_medium", String(16), nullable=False, default="", server_default=""),
    Column("chat_minutes", Integer, nullable=True),
    Column("ask_budget", Integer, nullable=False, default=2, server_default="2"),
    Column("listing_paused_until", UTCDateTime, nullable=True),
    Column("listing_rank", Integer, nullable=False, default=0, server_default="0"),
    # Matching rules members set for themselves (migration 0014).
    Column("team", String(100), nullable=False, default="", server_default=""),
    Column("avoid_ids", JSON, nullable=False, default=list, server_default="[]"),
    Column("skip_next_round", Boolean, nullable=False, default=False, server_default=false()),
    Column("last_active_at", UTCDateTime, nullable=True),
    Column("still_asked_at", UTCDateTime, nullable=True),
    UniqueConstraint("platform", "workspace_id", "user_id", name="uq_profiles_owner"),
    # The directory's browse order: listed members of one workspace by rotation place.
    Index(
        "ix_profiles_listing",
        "platform",
        "workspace_id",
        "listing_rank",
        postgresql_where=text("listed_at IS NOT NULL"),
        sqlite_where=text("listed_at IS NOT NULL"),
    ),
    sqlite_autoincrement=NEVER_REUSE_IDS,
)

group_configs = Table(
    "group_configs",
    metadata,
    Column("id", Integer, primary_key=True),
    *tenant(),
    Column("cadence_days", Integer, nullable=False, default=14),
    Column("announce_channel", String(64), nullable=False, default=""),
    Column("cooldown_days", Integer, nullable=False, default=90),
    Column("max_tz_difference_hours", Integer, nullable=False, default=12),
    Column("follow_up_days", Integer, nullable=False, default=7),
    Column("admin_ids", JSON, nullable=False, default=list),
    Column("exclusions", JSON, nullable=False, default=list),
    Column("auto_run", Boolean, nullable=False, default=False),
    Column("last_round_at", UTCDateTime, nullable=True),
    Column("poll_hours", Integer, nullable=False, default=48, server_default="48"),
    Column("inactive_days", Integer, nullable=False, default=60, server_default="60"),
    Column("polled_for", UTCDateTime, nullable=True),
    UniqueConstraint("platform", "workspace_id", name="uq_group_configs_tenant"),
)

match_rounds = Table(
    "match_rounds",
    metadata,
    Column("id", Integer, primary_key=True),
    *tenant(),
    Column("status", String(16), nullable=False),
    Column("created_by", String(64), nullable=False, default=""),
    Column("created_at", UTCDateTime, nullable=True),
    Column("sent_at", UTCDateTime, nullable=True),
    Column("unmatched_ids", JSON, nullable=False, default=list),
    *group_numbered("match_rounds"),
    Index("ix_match_rounds_tenant", "platform", "workspace_id"),
    sqlite_autoincrement=NEVER_REUSE_IDS,
)

matches = Table(
    "matches",
    metadata,
    Column("id", Integer, primary_key=True),
    *tenant(),
    Column("round_id", Integer, ForeignKey("match_rounds.id", ondelete="CASCADE"), nullable=False),
    Column("mentor_id", String(64), nullable=False),
    Column("seeker_id", String(64), nullable=False),
    Column("score", Integer, nullable=False, default=0),
    Column("reasons", JSON, nullable=False, default=list),
    Column("status", String(16), nullable=False),
    Column("met", Boolean, nullable=True),
    Column("created_at", UTCDateTime, nullable=True),
    Column("answered_at", UTCDateTime, nullable=True),
    *group_numbered("matches"),
    Index("ix_matches_tenant", "platform", "workspace_id"),
    Index("ix_matches_round", "round_id"),
    sqlite_autoincrement=NEVER_REUSE_IDS,
)

#: The last number handed out per person and kind (`interview`, `reminder`, ...): the
#: next row gets `last + 1` in the same statement that raises it, and a deleted row's
#: number is never given again. forget-me deletes these rows with the rest.
owner_counters = Table(
    "owner_counters",
    metadata,
    *owned(),
    Column("kind", String(32), nullable=False),
    Column("last", Integer, nullable=False),
    PrimaryKeyConstraint("platform", "workspace_id", "user_id", "kind", name="pk_owner_counters"),
)

# --- The Slack inbound outbox and scheduled workspace purges (the Slack install tables
# are in storage/tables_slack.py). ---

#: Slack commands acknowledged but not yet answered: the inbound outbox. A row is written
#: (in a batch) before the ack goes back, leased by the process that runs it, deleted
#: once answered, and claimed by any process after its lease runs out or is handed back
#: at a stop (adapters/slack/inbox.py). `payload` holds the command as Slack sent it.
inbox = Table(
    "inbox",
    metadata,
    Column("id", Integer, primary_key=True),
    *owned(),
    Column("kind", String(16), nullable=False),
    Column("payload", Text, nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    Column("owner", String(64), nullable=True),
    Column("lease_until", UTCDateTime, nullable=True),
    Index("ix_inbox_lease_until", "lease_until"),
    Index("ix_inbox_owner", "owner"),
    # A worker still holds a row's id after the command's commit deleted the row.
    sqlite_autoincrement=NEVER_REUSE_IDS,
)

workspace_purges = Table(
    "workspace_purges",
    metadata,
    Column("id", Integer, primary_key=True),
    *tenant(),
    Column("reason", String(64), nullable=False, default=""),
    Column("requested_at", UTCDateTime, nullable=False),
    Column("purge_after", UTCDateTime, nullable=False),
    UniqueConstraint("platform", "workspace_id", name="uq_workspace_purges_tenant"),
)

#: `contact import` batches (bot/ports/imports.py): the parsed rows while a preview waits
#: for confirm (a day at most), then only what undo needs (ids added, values filled in).
contact_imports = Table(
    "contact_imports",
    metadata,
    Column("id", Integer, primary_key=True),
    *owned(),
    Column("status", String(16), nullable=False),
    Column("kind", String(32), nullable=False, default=""),
    Column("rows", JSON, nullable=False, default=list),
    Column("skipped", Integer, nullable=False, default=0),
    Column("added_ids", JSON, nullable=False, default=list),
    Column("changes", JSON, nullable=False, default=list),
    Column("created_at", UTCDateTime, nullable=False),
    Column("applied_at", UTCDateTime, nullable=True),
    Index("ix_contact_imports_owner", "platform", "workspace_id", "user_id"),
    *numbered("contact_imports"),
    sqlite_autoincrement=NEVER_REUSE_IDS,
)
