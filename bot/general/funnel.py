"""The personal networking funnel: numbers from the journal, and a picture of them.

Every interview counts as outreach sent, because every conversation began with an ask,
even one logged straight away as held; so each stage counts the interviews that reached
it (accepted = scheduled or later, held = held or thanked) and the funnel never widens.

What conversations led to is counted the same way: job leads, job interviews and offers
are stages too, each counting the held conversations whose outcomes reached it (an offer
is past the lead and the interview it came through), once however many records say so:
two offer records from one conversation are one conversation with an offer. So
offers <= job interviews <= job leads <= held. An outcome whose conversation was deleted
no longer counts. Referrals are people, not conversations (`bot.general.referrals`).

The chart is drawn with matplotlib's object API on the Agg canvas (no pyplot global
state), so concurrent renders in worker threads do not interfere.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from bot.domain import InterviewStatus, Outcome, OutcomeKind
from bot.general.referrals import Referable, count_referrals

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

THANK_WINDOW = timedelta(hours=24)
_FUNNEL_COLOUR = "#2f6db5"
_OUTCOME_COLOUR = "#e08a2c"


@dataclass(frozen=True, slots=True)
class Funnel:
    sent: int = 0
    accepted: int = 0
    held: int = 0
    thanked: int = 0
    thanked_within_24h: int = 0
    referrals: int = 0
    leads: int = 0
    job_interviews: int = 0
    offers: int = 0

    @property
    def thank_rate(self) -> float | None:
        """Share of held conversations thanked within 24 hours (None before any is held)."""
        return None if self.held == 0 else self.thanked_within_24h / self.held

    @property
    def empty(self) -> bool:
        return self.sent == 0 and self.referrals + self.leads + self.offers == 0

    def stages(self) -> list[tuple[str, int]]:
        return [
            ("Outreach sent", self.sent),
            ("Accepted", self.accepted),
            ("Held", self.held),
            ("Thank-you ≤ 24 h", self.thanked_within_24h),
        ]

    def results(self) -> list[tuple[str, int]]:
        return [
            ("Referrals (people)", self.referrals),
            ("Led to a job lead", self.leads),
            ("Led to a job interview", self.job_interviews),
            ("Led to an offer", self.offers),
        ]


_ACCEPTED = {InterviewStatus.SCHEDULED.value, InterviewStatus.HELD.value}
_HELD = {InterviewStatus.HELD.value, InterviewStatus.THANKED.value}


#: How far along the job path each outcome kind is (a later one implies the earlier ones).
_STAGE = {
    OutcomeKind.JOB_LEAD.value: 1,
    OutcomeKind.JOB_INTERVIEW.value: 2,
    OutcomeKind.OFFER.value: 3,
}


class Staged(Protocol):
    """What the funnel reads of an interview: an `Interview`, or a light `StageRow`."""

    @property
    def id(self) -> int | None: ...

    @property
    def status(self) -> str: ...

    @property
    def held_at(self) -> datetime | None: ...

    @property
    def thanked_at(self) -> datetime | None: ...


def compute_funnel(
    interviews: Iterable[Staged],
    outcomes: Iterable[Outcome],
    contacts: Iterable[Referable] = (),
) -> Funnel:
    """The funnel from one person's journal. `contacts` lets referrals count people
    linked by `referred_by` and recognise the people referral notes name."""
    sent = accepted = held = thanked = fast = 0
    held_ids: set[int] = set()
    for interview in interviews:
        sent += 1
        if interview.status in _ACCEPTED | _HELD:
            accepted += 1
        if interview.status not in _HELD:
            continue
        held += 1
        if interview.id is not None:
            held_ids.add(interview.id)
        if interview.thanked_at is not None:
            thanked += 1
            if (
                interview.held_at is not None
                and interview.thanked_at - interview.held_at <= THANK_WINDOW
            ):
                fast += 1
    outcomes = list(outcomes)
    furthest: dict[int, int] = {}
    for outcome in outcomes:
        stage = _STAGE.get(outcome.kind, 0)
        conversation = outcome.interview_id
        if stage and conversation is not None and conversation in held_ids:
            furthest[conversation] = max(stage, furthest.get(conversation, 0))
    reached = [sum(1 for s in furthest.values() if s >= stage) for stage in (1, 2, 3)]
    return Funnel(
        sent=sent,
        accepted=accepted,
        held=held,
        thanked=thanked,
        thanked_within_24h=fast,
        referrals=count_referrals(outcomes, contacts),
        leads=reached[0],
        job_interviews=reached[1],
        offers=reached[2],
    )


def funnel_png(funnel: Funnel, *, title: str = "Your networking funnel") -> bytes:
    buffer = io.BytesIO()
    funnel_figure(funnel, title=title).savefig(buffer, format="png", facecolor="white")
    return buffer.getvalue()


def funnel_figure(funnel: Funnel, *, title: str = "Your networking funnel") -> Figure:
    """Two panels, each on its own scale: the conversations (blue, with the share of
    outreach each stage kept) and what they led to (orange). On one shared scale a few
    referrals next to dozens of requests were slivers, and one inflated bar flattened
    everything else."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8.5, 6.2), dpi=110, layout="constrained")
    FigureCanvasAgg(figure)
    top, bottom = figure.subplots(2, 1, height_ratios=(1, 1))
    sent = funnel.sent
    _panel(
        top,
        funnel.stages(),
        _FUNNEL_COLOUR,
        "Your conversations",
        share_of=sent,
    )
    _panel(
        bottom,
        funnel.results(),
        _OUTCOME_COLOUR,
        "What they led to",
        share_of=0,
    )
    figure.suptitle(title, fontsize=14, fontweight="bold", x=0.02, ha="left", color="#222222")
    rate = funnel.thank_rate
    note = "Thank-you rate: —" if rate is None else f"Thank-you within 24 h: {rate:.0%} of held"
    # supxlabel (unlike free figure text) is given room by the constrained layout.
    figure.supxlabel(
        f"Each panel has its own scale. Percentages: share of outreach sent.    {note}",
        fontsize=9,
        color="#555555",
    )
    return figure


def _panel(
    axes: Axes, rows: list[tuple[str, int]], colour: str, heading: str, *, share_of: int
) -> None:
    """One horizontal bar chart, scaled to its own largest value."""
    labels = [label for label, _ in rows]
    values = [value for _, value in rows]
    positions = list(range(len(rows)))
    bars = axes.barh(positions, values, color=colour, height=0.68)
    axes.set_yticks(positions, labels=labels, fontsize=11)
    axes.invert_yaxis()
    peak = max([*values, 1])
    axes.set_xlim(0, peak * 1.3)
    axes.xaxis.set_visible(False)
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    axes.set_title(heading, fontsize=12, loc="left", color="#333333")
    for index, (bar, value) in enumerate(zip(bars, values, strict=True)):
        text = str(value)
        if share_of and index > 0:
            text += f"  ({value / share_of:.0%})"
        axes.text(
            bar.get_width() + peak * 0.015,
            bar.get_y() + bar.get_height() / 2,
            text,
            va="center",
            fontsize=11,
            fontweight="bold",
            color="#222222",
        )
