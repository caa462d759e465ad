"""The personal networking funnel: numbers from the journal, and a picture of them.

Every interview counts as outreach sent, because every conversation began with an ask,
even one logged straight away as held; so each stage counts the interviews that reached
it (accepted = scheduled or later, held = held or thanked) and the funnel never widens.
Referrals, leads, job interviews and offers come from recorded outcomes.

The chart is drawn with matplotlib's object API on the Agg canvas (no pyplot global
state), so concurrent renders in worker threads do not interfere.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from bot.domain import Interview, InterviewStatus, Outcome, OutcomeKind

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
            ("Referrals", self.referrals),
            ("Job leads", self.leads),
            ("Job interviews", self.job_interviews),
            ("Offers", self.offers),
        ]


_ACCEPTED = {InterviewStatus.SCHEDULED.value, InterviewStatus.HELD.value}
_HELD = {InterviewStatus.HELD.value, InterviewStatus.THANKED.value}


def compute_funnel(interviews: Iterable[Interview], outcomes: Iterable[Outcome]) -> Funnel:
    sent = accepted = held = thanked = fast = 0
    for interview in interviews:
        sent += 1
        if interview.status in _ACCEPTED | _HELD:
            accepted += 1
        if interview.status in _HELD:
            held += 1
        if interview.thanked_at is not None:
            thanked += 1
            if (
                interview.held_at is not None
                and interview.thanked_at - interview.held_at <= THANK_WINDOW
            ):
                fast += 1
    kinds: dict[str, int] = {}
    for outcome in outcomes:
        kinds[outcome.kind] = kinds.get(outcome.kind, 0) + 1
    return Funnel(
        sent=sent,
        accepted=accepted,
        held=held,
        thanked=thanked,
        thanked_within_24h=fast,
        referrals=kinds.get(OutcomeKind.REFERRAL.value, 0),
        leads=kinds.get(OutcomeKind.JOB_LEAD.value, 0),
        job_interviews=kinds.get(OutcomeKind.JOB_INTERVIEW.value, 0),
        offers=kinds.get(OutcomeKind.OFFER.value, 0),
    )


def funnel_png(funnel: Funnel, *, title: str = "Your networking funnel") -> bytes:
    """A horizontal bar chart: the funnel stages in blue, what they led to in orange."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rows = funnel.stages() + funnel.results()
    labels = [label for label, _ in rows]
    values = [value for _, value in rows]
    colours = [_FUNNEL_COLOUR] * len(funnel.stages()) + [_OUTCOME_COLOUR] * len(funnel.results())
    # A gap between the two groups: stages at y 0..3, results at 4.6..7.6 (top to bottom).
    positions = [float(i) for i in range(4)] + [i + 0.6 for i in range(4, 8)]

    figure = Figure(figsize=(8.5, 5), dpi=110, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    bars = axes.barh(positions, values, color=colours, height=0.72)
    axes.set_yticks(positions, labels=labels, fontsize=11)
    axes.invert_yaxis()
    top = max([*values, 1])
    axes.set_xlim(0, top * 1.22)
    axes.xaxis.set_visible(False)
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    sent = funnel.sent
    for index, (bar, value) in enumerate(zip(bars, values, strict=True)):
        text = str(value)
        if 0 < index < 4 and sent:
            text += f"  ({value / sent:.0%})"
        axes.text(
            bar.get_width() + top * 0.015,
            bar.get_y() + bar.get_height() / 2,
            text,
            va="center",
            fontsize=11,
            fontweight="bold",
            color="#222222",
        )
    axes.set_title(title, fontsize=14, fontweight="bold", loc="left", color="#222222")
    rate = funnel.thank_rate
    note = "Thank-you rate: —" if rate is None else f"Thank-you within 24 h: {rate:.0%} of held"
    # supxlabel (unlike free figure text) is given room by the constrained layout.
    figure.supxlabel(
        f"Blue: your conversations (% of outreach sent)    Orange: what they led to    {note}",
        fontsize=9,
        color="#555555",
    )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor="white")
    return buffer.getvalue()
