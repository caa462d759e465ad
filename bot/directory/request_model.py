"""A conversation request between two members, and the moves it makes.

draft → open → (times →) accepted, or not-now, declined, expired; a draft or an open
request can be cancelled by its seeker. The moves are methods here so every command
and the sweep make them the same way, and a move from the wrong state is refused with
a sentence the person can act on (never a half-changed row).

Who sees what (enforced by the commands that read these rows, tested in
tests/isolation): the seeker's `reason` and `message` reach the helper only; the
helper's `times` reach the seeker; `decline_note` is the helper's alone, never shown
to the seeker, an admin or an export of anyone else.

Budgets: a request charges its helper's monthly budget only when accepted (counted by
`answered_at` in the month). While open it holds a place, so a member with budget 2
never has five requests waiting on them; not-now, decline and expiry free the place
and charge nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain import Reminder, ReminderKind
from bot.errors import TransitionError

DRAFT = "draft"
OPEN = "open"
TIMES = "times"  #: the helper offered times; waiting for the seeker to pick
ACCEPTED = "accepted"
NOT_NOW = "not-now"
DECLINED = "declined"
EXPIRED = "expired"
CANCELLED = "cancelled"
#: Waiting on someone: these hold a place in the helper's budget.
WAITING = (OPEN, TIMES)
#: Sent and finished, one way or the other.
SETTLED = (ACCEPTED, NOT_NOW, DECLINED, EXPIRED)
NUDGE_AFTER = timedelta(days=3)
EXPIRE_AFTER = timedelta(days=5)
#: A seeker's requests waiting on someone at once.
MAX_OPEN = 3
#: The longest helper name kept (the column's width).
NAME_CHARS = 120


@dataclass(eq=False)
class ConversationRequest:
    platform: str
    workspace_id: str
    seeker_id: str
    helper_id: str
    status: str = DRAFT
    #: Why the seeker asked, as typed (shown to the helper inside `message`).
    reason: str = ""
    #: What the helper reads: the outreach writer's draft, edited by the seeker.
    message: str = ""
    #: Times the helper offered (relayed to the seeker).
    times: str = ""
    #: The helper's name as their platform gave it when they offered times: it names
    #: them in the seeker's journal when the seeker picks a time (the seeker's own
    #: action carries no name of theirs). Erased with the helper's other words.
    helper_name: str = ""
    #: The helper's private reason for declining: theirs alone.
    decline_note: str = ""
    #: The moment both agreed on, if any (the seeker's interview is then scheduled).
    agreed_at: datetime | None = None
    created_at: datetime | None = None
    sent_at: datetime | None = None
    answered_at: datetime | None = None
    reminded_at: datetime | None = None
    expires_at: datetime | None = None
    #: When the sweep should look at it next (the 3-day reminder, then expiry).
    next_check_at: datetime | None = None
    closed_at: datetime | None = None
    #: The seeker's journal interview made when it was accepted.
    interview_id: int | None = None
    id: int | None = None

    @property
    def waiting(self) -> bool:
        return self.status in WAITING

    def _refuse(self, doing: str) -> TransitionError:
        said = {
            DRAFT: "hasn't been sent yet",
            OPEN: "is waiting for an answer",
            TIMES: "is waiting for a time to be picked",
            ACCEPTED: "was accepted",
            NOT_NOW: "was answered “not this month”",
            DECLINED: "was declined",
            EXPIRED: "expired without an answer",
            CANCELLED: "was withdrawn",
        }.get(self.status, f"is {self.status}")
        return TransitionError(
            f"Request #{self.id} {said}, so it can't be {doing} now.",
            example="people requests",
        )

    def must_be(self, status: str, doing: str) -> None:
        """Refuse, in the words a transition would, unless the request is in `status`:
        a form about to offer an edit or an answer checks first, changing nothing."""
        if self.status != status:
            raise self._refuse(doing)

    def send(self, now: datetime) -> None:
        if self.status != DRAFT:
            raise self._refuse("sent")
        self.status = OPEN
        self.sent_at = now
        self.expires_at = now + EXPIRE_AFTER
        self.next_check_at = now + NUDGE_AFTER

    def edit(self, message: str) -> None:
        if self.status != DRAFT:
            raise self._refuse("edited")
        self.message = message

    def cancel(self, now: datetime) -> None:
        if self.status not in (DRAFT, *WAITING):
            raise self._refuse("withdrawn")
        self._close(CANCELLED, now)

    def offer_times(self, times: str, now: datetime, *, helper_name: str = "") -> None:
        if self.status != OPEN:
            raise self._refuse("answered")
        self.status = TIMES
        self.times = times
        self.helper_name = helper_name[:NAME_CHARS]
        self.answered_at = now
        # The seeker gets as long to pick a time as the helper had to answer.
        self.expires_at = now + EXPIRE_AFTER
        self.next_check_at = self.expires_at

    def accept(self, now: datetime, agreed_at: datetime | None = None) -> None:
        if self.status not in WAITING:
            raise self._refuse("accepted")
        if self.answered_at is None:
            self.answered_at = now
        self.agreed_at = agreed_at
        self._close(ACCEPTED, now)

    def not_now(self, now: datetime) -> None:
        if self.status != OPEN:
            raise self._refuse("answered")
        self.answered_at = now
        self._close(NOT_NOW, now)

    def decline(self, now: datetime, note: str = "") -> None:
        if self.status not in WAITING:
            raise self._refuse("declined")
        self.answered_at = self.answered_at or now
        self.decline_note = note
        self._close(DECLINED, now)

    def expire(self, now: datetime) -> None:
        if self.status not in WAITING:
            raise self._refuse("expired")
        self._close(EXPIRED, now)

    def _close(self, status: str, now: datetime) -> None:
        self.status = status
        self.closed_at = now
        self.next_check_at = None


@dataclass(eq=False)
class MemberBlock:
    """`blocker` never appears to `blocked_id` in the directory and can't be asked by
    them; the blocked member is never told (they simply don't see them)."""

    platform: str
    workspace_id: str
    user_id: str  #: the blocker, who owns the row
    blocked_id: str
    created_at: datetime | None = None
    id: int | None = None


def message_key(request_id: int | None, event: str = "") -> str:
    """What a request's outbox row carries in `text`: which request, and for news to the
    seeker what happened (`request:12:expired`). Never any words of the request."""
    return f"request:{request_id or 0}" + (f":{event}" if event else "")


def read_key(text: str) -> tuple[int, str]:
    """(request id, event) from :func:`message_key`; (0, "") for anything else."""
    kind, _, rest = text.partition(":")
    number, _, event = rest.partition(":")
    if kind != "request" or not number.isdigit():
        return 0, ""
    return int(number), event


def outbox_row(
    request: ConversationRequest, kind: ReminderKind, owner_id: str, now: datetime, event: str = ""
) -> Reminder:
    """An outbox row about `request` for `owner_id` (who receives it): no words, only
    which request; the message is rendered when it is sent (bot/directory/requests_outbox.py)."""
    return Reminder(
        platform=request.platform,
        workspace_id=request.workspace_id,
        user_id=owner_id,
        kind=kind.value,
        due_at=now,
        text=message_key(request.id, event),
        created_at=now,
    )
