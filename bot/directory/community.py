"""`people admin`: the community's figures for its admins, as counts only.

Issue 18 §7: members in the directory, requests and how they ended, the median time to
an answer, the load on helpers (nobody over budget; the share of requests reaching the
top tenth of helpers), conversations held, and mentor matching alongside. Never a
request's words, never a name or id: the repository hands over numbers only
(bot/ports/requests.py `RequestFigures`), so there is nothing here that could leak.
The same figures feed the Prometheus gauges (adapters/ops/community_metrics.py).
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from datetime import datetime
from statistics import median

from bot.commands import Command
from bot.directory.requests_room import month_start
from bot.domain import Actor
from bot.grammar import ParsedArgs
from bot.mentoring.config import require_admin
from bot.ports.requests import RequestFigures
from bot.reply import Attachment, Field, Reply
from bot.services import Services


@dataclass(frozen=True)
class Community:
    """The derived figures, in the order they are shown and exported."""

    listed: int
    paused: int
    sent: int
    accepted: int
    not_now: int
    declined: int
    expired: int
    waiting: int
    withdrawn: int
    median_answer_hours: float | None
    helpers_over_budget: int
    top_tenth_share: float | None
    conversations_held: int
    mentor_intros: int
    mentor_met: int

    def rows(self) -> list[tuple[str, str, str]]:
        """(csv key, label, shown value)."""

        def pct(value: float | None) -> str:
            return "—" if value is None else f"{value:.0%}"

        hours = self.median_answer_hours
        return [
            ("directory_members", "Members in the directory", str(self.listed)),
            ("directory_paused", "…of whom paused", str(self.paused)),
            ("requests_sent", "Requests sent", str(self.sent)),
            ("requests_accepted", "Accepted", str(self.accepted)),
            ("requests_not_now", "Not this month", str(self.not_now)),
            ("requests_declined", "Declined", str(self.declined)),
            ("requests_expired", "Expired unanswered", str(self.expired)),
            ("requests_waiting", "Waiting for an answer", str(self.waiting)),
            ("requests_withdrawn", "Withdrawn after sending", str(self.withdrawn)),
            (
                "median_answer_hours",
                "Median time to an answer",
                "—" if hours is None else f"{hours:.1f} h",
            ),
            (
                "helpers_over_budget",
                "Helpers over budget this month",
                str(self.helpers_over_budget),
            ),
            (
                "top_tenth_share",
                "Share of requests to the busiest 10% of helpers",
                pct(self.top_tenth_share),
            ),
            (
                "conversations_held",
                "Conversations held (from requests)",
                str(self.conversations_held),
            ),
            ("mentor_intros", "Mentor introductions", str(self.mentor_intros)),
            ("mentor_met", "Mentor pairs who met", str(self.mentor_met)),
        ]


def top_tenth_share(received: list[int]) -> float | None:
    """Of all requests, the share that went to the busiest tenth of helpers (at least
    one helper): near 0.1 is an even spread, near 1 is a few people carrying it all."""
    total = sum(received)
    if not total:
        return None
    busiest = sorted(received, reverse=True)[: max(1, math.ceil(len(received) / 10))]
    return sum(busiest) / total


def derive(f: RequestFigures) -> Community:
    s = f.statuses
    return Community(
        listed=f.listed,
        paused=f.paused,
        sent=sum(s.values()),
        accepted=s.get("accepted", 0),
        not_now=s.get("not-now", 0),
        declined=s.get("declined", 0),
        expired=s.get("expired", 0),
        waiting=s.get("open", 0) + s.get("times", 0),
        withdrawn=s.get("cancelled", 0),
        median_answer_hours=median(f.answer_seconds) / 3600 if f.answer_seconds else None,
        helpers_over_budget=f.over_budget,
        top_tenth_share=top_tenth_share(list(f.received)),
        conversations_held=f.held,
        mentor_intros=f.mentor_intros,
        mentor_met=f.mentor_met,
    )


async def community_figures(
    svc: Services, platform: str | None, workspace_id: str | None, now: datetime
) -> Community:
    async with svc.uow() as uow:
        found = await uow.requests.figures(
            platform, workspace_id, now=now, month_start=month_start(now)
        )
    return derive(found)


def to_csv(community: Community, *, now: datetime) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["metric", "value", "as_of"])
    for key, _, shown in community.rows():
        writer.writerow([key, shown.removesuffix(" h"), now.isoformat()])
    return text.getvalue().encode()


@dataclass(frozen=True, kw_only=True)
class CommunityView(Command):
    pass


def build_admin(args: ParsedArgs, actor: Actor) -> CommunityView:
    return CommunityView(actor=actor)


async def handle_admin(cmd: CommunityView, svc: Services) -> Reply:
    now = svc.clock.now()
    async with svc.uow() as uow:
        await require_admin(uow, cmd.actor)
    community = await community_figures(svc, cmd.actor.platform, cmd.actor.workspace_id, now)
    return Reply(
        title="Community at a glance",
        text="Counts only: nobody's requests, names or reasons are shown here or in the file.",
        fields=tuple(Field(label, shown) for _, label, shown in community.rows()),
        attachments=(
            Attachment(
                f"inroads-community-{now:%Y%m%d}.csv",
                to_csv(community, now=now),
                "text/csv",
                title="Community figures (CSV)",
            ),
        ),
        footer="Budgets count by calendar month (UTC). “Not this month” and expiry never "
        "count against a helper.",
    )
