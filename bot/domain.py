"""The core's vocabulary as plain dataclasses.

Storage maps these classes onto tables (imperative mapping), so handlers work with the
same objects whether the unit of work is SQL or an in-memory fake. Every record carries
its tenant (`platform`, `workspace_id`) and, for private data, its owner (`user_id`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from bot.lifecycle.contact import ContactLifecycle
from bot.lifecycle.interview import InterviewLifecycle
from bot.lifecycle.reminder import ReminderLifecycle
from bot.states import InterviewStatus, ReminderKind, ReminderStatus

__all__ = [
    "FORGOTTEN_ID",
    "ActionItem",
    "Actor",
    "Contact",
    "CustomQuestion",
    "GroupConfig",
    "Interview",
    "InterviewStatus",
    "Match",
    "MatchRound",
    "Medium",
    "Outcome",
    "OutcomeKind",
    "Profile",
    "ProfileRole",
    "Reminder",
    "ReminderKind",
    "ReminderStatus",
    "UserSettings",
]


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is speaking: a person is (platform, workspace, user), never a bare user id."""

    platform: str
    workspace_id: str
    user_id: str
    display_name: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.platform, self.workspace_id, self.user_id)


class Medium(StrEnum):
    COFFEE = "coffee"
    VIDEO = "video"
    PHONE = "phone"
    IN_PERSON = "in person"


class OutcomeKind(StrEnum):
    REFERRAL = "referral"
    JOB_LEAD = "job lead"
    JOB_INTERVIEW = "job interview"
    OFFER = "offer"
    OTHER = "other"


#: Stands in for a member's id in shared history (matches) after they used forget-me.
FORGOTTEN_ID = "forgotten"


class ProfileRole(StrEnum):
    MENTOR = "mentor"
    SEEKER = "seeker"
    BOTH = "both"


@dataclass(eq=False)
class Contact(ContactLifecycle):
    platform: str
    workspace_id: str
    user_id: str
    name: str
    company: str = ""
    role: str = ""
    industry: str = ""
    seniority: str = ""
    member_id: str | None = None
    how_known: str = ""
    referred_by_id: int | None = None
    notes: str = ""
    #: Web addresses the person keeps for this contact (profile, portfolio), one per line.
    links: str = ""
    #: Whether keep-in-touch check-ins repeat for this contact (the person can stop them).
    keep_in_touch: bool = True
    #: What the person found out about this contact before talking (shown in prep packs).
    research: str = ""
    #: Which research-checklist items the person has ticked (their stable keys).
    research_done: list[str] = field(default_factory=list)
    created_at: datetime | None = None
    last_interaction_at: datetime | None = None
    id: int | None = None
    #: What the person sees and types (`#3`): counted per person and kind, never reused.
    #: A message that is no check-in (a round's or a request's) counts down from -1 on a
    #: counter of its own: nobody sees it, and check-ins keep 1, 2, 3 without gaps.
    number: int | None = None


@dataclass(eq=False)
class Interview(InterviewLifecycle):
    platform: str
    workspace_id: str
    user_id: str
    contact_id: int
    status: str = InterviewStatus.HELD.value
    medium: str = ""
    scheduled_at: datetime | None = None
    held_at: datetime | None = None
    requested_at: datetime | None = None
    thanked_at: datetime | None = None
    duration_minutes: int = 20
    notes: str = ""
    takeaways: str = ""
    action_items: str = ""
    questions_asked: list[str] = field(default_factory=list)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None
    #: What the person sees and types (`#3`): counted per person and kind, never reused.
    number: int | None = None

    @classmethod
    def first_ask(cls, owner: Actor, contact_id: int, *, now: datetime) -> Interview:
        """A new conversation of `owner`'s with the contact, in its first state
        (requested); the caller moves it on (asked, planned, held)."""
        return cls(
            platform=owner.platform,
            workspace_id=owner.workspace_id,
            user_id=owner.user_id,
            contact_id=contact_id,
            status=InterviewStatus.REQUESTED.value,
            created_at=now,
        )


@dataclass(eq=False)
class ActionItem:
    """One thing to do, usually promised in a conversation; open until `done_at` is set.

    `reminder_id` is the check-in a due date made, so finishing the item can cancel it.
    """

    platform: str
    workspace_id: str
    user_id: str
    text: str
    interview_id: int | None = None
    contact_id: int | None = None
    due_at: datetime | None = None
    done_at: datetime | None = None
    reminder_id: int | None = None
    created_at: datetime | None = None
    id: int | None = None
    #: What the person sees and types (`#3`): counted per person and kind, never reused.
    number: int | None = None

    @property
    def is_open(self) -> bool:
        return self.done_at is None


@dataclass(eq=False)
class Outcome:
    platform: str
    workspace_id: str
    user_id: str
    kind: str
    interview_id: int | None = None
    contact_id: int | None = None
    note: str = ""
    occurred_at: datetime | None = None
    id: int | None = None


@dataclass(eq=False)
class Reminder(ReminderLifecycle):
    """A due nudge; the reminders table is the outbox the dispatcher drains (it also
    carries a match round's messages: :mod:`bot.mentoring.outbox`)."""

    platform: str
    workspace_id: str
    user_id: str
    kind: str
    due_at: datetime
    text: str = ""
    status: str = ReminderStatus.PENDING.value
    contact_id: int | None = None
    interview_id: int | None = None
    match_id: int | None = None
    attempts: int = 0
    last_error: str = ""
    claimed_until: datetime | None = None
    claim_token: str | None = None
    not_before: datetime | None = None
    sent_at: datetime | None = None
    late: bool = False
    message_ref: str = ""
    created_at: datetime | None = None
    #: When a send of this row was last recorded as in flight (None: none unsettled).
    sending_since: datetime | None = None
    id: int | None = None
    #: What the person sees and types (`#3`): counted per person and kind, never reused.
    number: int | None = None


@dataclass(eq=False)
class UserSettings:
    """Per-person preferences; a missing row means every default applies."""

    platform: str
    workspace_id: str
    user_id: str
    timezone: str = "UTC"
    quiet_start: str = "21:00"
    quiet_end: str = "08:00"
    keep_in_touch_days: list[int] = field(default_factory=lambda: [30, 90])
    paused: bool = False
    display_name: str = ""
    about_me: str = ""
    school: str = ""
    goal: str = ""
    pending_notice: str = ""
    timezone_source: str = "default"
    #: How numeric dates are read: "dmy", "mdy" or "" (follow the time zone: US zones mdy).
    date_order: str = ""
    #: What drafts may say about your studies: "student", "graduate", "alum" or "".
    standing: str = ""
    class_year: int | None = None
    id: int | None = None


@dataclass(eq=False)
class CustomQuestion:
    platform: str
    workspace_id: str
    user_id: str
    text: str
    category: str = "custom"
    created_at: datetime | None = None
    id: int | None = None
    #: What the person sees and types (`#3`): counted per person and kind, never reused.
    number: int | None = None


@dataclass(eq=False)
class Profile:
    """A member's mentoring profile inside one workspace (the alumni group)."""

    platform: str
    workspace_id: str
    user_id: str
    role: str = ProfileRole.SEEKER.value
    industries: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    timezone: str = "UTC"
    capacity: int = 1
    bio: str = ""
    learning_goal: str = ""
    goal: str = ""
    paused_until: datetime | None = None
    active: bool = True
    unmatched_rounds: int = 0
    created_at: datetime | None = None
    id: int | None = None
    # Consent is per feature: this row is shared data (roles, industries, topics,
    # languages, time zone), and each feature reads it only with its own consent.
    #: In mentor rounds (`mentor join`); `people join` alone never sets it.
    in_matching: bool = True
    #: Listed in the open-to-chat directory since (`people join`); None: not listed.
    listed_at: datetime | None = None
    # Directory-only fields, cleared by `people leave`.
    company: str = ""
    path_tags: list[str] = field(default_factory=list)
    school: str = ""
    class_year: int | None = None
    chat_medium: str = ""
    chat_minutes: int | None = None
    #: Requests a month this member accepts; others only see whether there is room.
    ask_budget: int = 2
    listing_paused_until: datetime | None = None
    #: A random place in the directory's rotation, drawn at listing: equally good
    #: members are shown from a different starting point each week for each seeker.
    listing_rank: int = 0
    # Matching rules members set for themselves (bot/mentoring/rules.py, activity.py).
    #: Colleagues in the same team are never paired (compared case aside).
    team: str = ""
    #: Members this one must never be matched with: private, the others are never told.
    avoid_ids: list[str] = field(default_factory=list)
    #: Answered "skip this round" to the availability poll: left out of the next round.
    skip_next_round: bool = False
    #: The last time this member did anything in mentoring (a command, a click, an answer).
    last_active_at: datetime | None = None
    #: When we asked "still want to be matched?"; not matched while it is unanswered.
    still_asked_at: datetime | None = None


@dataclass(eq=False)
class GroupConfig:
    """Matching settings of one workspace, editable by its admins."""

    platform: str
    workspace_id: str
    cadence_days: int = 14
    announce_channel: str = ""
    cooldown_days: int = 90
    max_tz_difference_hours: int = 12
    follow_up_days: int = 7
    admin_ids: list[str] = field(default_factory=list)
    exclusions: list[list[str]] = field(default_factory=list)
    #: Rounds run by themselves every `cadence_days` (off until an admin turns it on).
    auto_run: bool = False
    #: When the last round was sent (by an admin or automatically): cadence counts from it.
    last_round_at: datetime | None = None
    id: int | None = None
    #: How long before each automatic round members are asked "in or skip?" (0: never).
    poll_hours: int = 48
    #: Days without any mentoring activity after which a member is asked before being
    #: matched again (bot/mentoring/activity.py).
    inactive_days: int = 60
    #: The round time the last availability poll was about, so each round is polled once.
    polled_for: datetime | None = None


@dataclass(eq=False)
class MatchRound:
    platform: str
    workspace_id: str
    status: str = "preview"
    created_by: str = ""
    created_at: datetime | None = None
    sent_at: datetime | None = None
    unmatched_ids: list[str] = field(default_factory=list)
    id: int | None = None
    #: What members and admins see (`round #3`): counted per workspace, never reused, so
    #: nobody can read another community's activity from it (storage/numbering.py).
    number: int | None = None


@dataclass(eq=False)
class Match:
    platform: str
    workspace_id: str
    round_id: int
    mentor_id: str
    seeker_id: str
    score: int = 0
    reasons: list[str] = field(default_factory=list)
    status: str = "proposed"
    met: bool | None = None
    created_at: datetime | None = None
    id: int | None = None
    #: The pair's number in its workspace (`mentor met 4 yes`), never reused.
    number: int | None = None
    #: When either member first answered anything about this pair (met, not yet, set a
    #: time): a pair with an answer is not silent, so it gets no nudge.
    answered_at: datetime | None = None
