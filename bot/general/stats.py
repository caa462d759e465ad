"""`inroads stats`: your own funnel as numbers and as a picture (yours only, always)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from bot.commands import Command, CommandSpec
from bot.domain import Actor
from bot.errors import UsageError
from bot.fields import ON_OFF
from bot.general.funnel import Funnel, compute_funnel, funnel_png
from bot.grammar import ParsedArgs
from bot.reply import Attachment, Field, Reply
from bot.schema import choice
from bot.services import Services

log = logging.getLogger(__name__)


STATS_EXAMPLE = "inroads stats chart:off"
#: Said under the numbers, so "Offers: 1" next to "Job leads: 2" reads the way it counts.
HOW_COUNTED = (
    "Every conversation counts as outreach sent, a logged one too: each began with an ask. "
    "Referrals count people, each once. Job leads, job interviews and offers count "
    "conversations that got at least that far, each once."
)


@dataclass(frozen=True, kw_only=True)
class Stats(Command):
    #: The picture costs a few hundred ms of CPU; App Home and "just the numbers" skip it.
    chart: bool = True


def build_stats(args: ParsedArgs, actor: Actor) -> Stats:
    chart = args.option_text("chart").lower()
    if chart not in ("", "on", "off"):
        raise UsageError("`chart` is `on` (the default) or `off`.", example=STATS_EXAMPLE)
    return Stats(actor=actor, chart=chart != "off")


def funnel_fields(funnel: Funnel) -> tuple[Field, ...]:
    rate = funnel.thank_rate
    thanks = (
        f"{funnel.thanked_within_24h} of {funnel.held} held"
        + ("" if rate is None else f" ({rate:.0%})")
        if funnel.held
        else "0 (nothing held yet)"
    )
    return (
        Field("Outreach sent", str(funnel.sent)),
        Field("Accepted", str(funnel.accepted)),
        Field("Held", str(funnel.held)),
        Field("Thank-you within 24 h", thanks),
        Field("Referrals gained", str(funnel.referrals)),
        Field("Job leads", str(funnel.leads)),
        Field("Job interviews", str(funnel.job_interviews)),
        Field("Offers", str(funnel.offers)),
    )


async def handle_stats(cmd: Stats, svc: Services) -> Reply:
    async with svc.uow() as uow:
        # Light rows: the funnel needs four columns of each interview and three of each
        # contact, not their notes (a long journal's notes were most of the time spent).
        interviews = await uow.interviews.stage_rows(cmd.actor)
        outcomes = await uow.outcomes.list(cmd.actor)
        contacts = await uow.contacts.referral_rows(cmd.actor)
    funnel = compute_funnel(interviews, outcomes, contacts)
    if funnel.empty:
        return Reply(
            title="Your funnel",
            text="Nothing to count yet. Log or plan your first conversation:",
            fields=funnel_fields(funnel),
            footer='interview plan "Jane Doe" when:"next Tuesday 10am"',
        )
    attachments = await _chart(cmd, funnel) if cmd.chart else ()
    rate = funnel.thank_rate
    advice = (
        "Thank-yous within a day are the habit that turns a chat into a relationship."
        if rate is not None and rate < 0.8
        else "Keep it going: one conversation a week adds up."
    )
    return Reply(
        title="Your funnel",
        text=advice,
        fields=funnel_fields(funnel),
        attachments=attachments,
        footer=HOW_COUNTED,
    )


async def _chart(cmd: Stats, funnel: Funnel) -> tuple[Attachment, ...]:
    # Rendering takes a few hundred milliseconds of CPU: keep it off the event loop.
    try:
        png = await asyncio.to_thread(funnel_png, funnel)
    except Exception:
        # The numbers matter more than the picture: answer with them, and log the failure.
        log.exception("funnel chart failed", extra={"platform": cmd.actor.platform})
        return ()
    return (Attachment("funnel.png", png, "image/png", title="Your networking funnel"),)


SPECS = (
    CommandSpec(
        path=("inroads", "stats"),
        summary="Your funnel: outreach, accepted, held, thank-yous, referrals, leads, offers.",
        example="inroads stats",
        build=build_stats,
        handle=handle_stats,
        fields=(choice("chart", "Turn the picture off for just the numbers", *ON_OFF),),
    ),
)
