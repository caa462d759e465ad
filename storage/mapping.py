"""Map the core's dataclasses onto the tables (imperative mapping).

The core stays free of SQLAlchemy; the ORM instruments its classes here, once. JSON list
columns are replaced, not mutated in place, by the handlers (the ORM tracks assignment).
"""

from __future__ import annotations

from sqlalchemy.orm import registry

from bot import domain
from bot.directory.request_model import ConversationRequest, MemberBlock
from storage import tables

mapper_registry = registry()
_TABLES = {
    domain.Contact: tables.contacts,
    domain.Interview: tables.interviews,
    domain.Outcome: tables.outcomes,
    domain.ActionItem: tables.action_items,
    domain.Reminder: tables.reminders,
    domain.UserSettings: tables.user_settings,
    domain.CustomQuestion: tables.custom_questions,
    domain.Profile: tables.profiles,
    domain.GroupConfig: tables.group_configs,
    domain.MatchRound: tables.match_rounds,
    domain.Match: tables.matches,
    ConversationRequest: tables.conversation_requests,
    MemberBlock: tables.member_blocks,
}
_started = False


def start_mappers() -> None:
    """Idempotent: the first call maps every class; later calls do nothing."""
    global _started
    if _started:
        return
    for cls, table in _TABLES.items():
        mapper_registry.map_imperatively(cls, table)
    _started = True
