"""The first-run guide: what a new person sets up before their first conversation.

Why a guide and not a form: the three things it asks for (a name and a line about you,
a time zone, a goal) are already set by ordinary commands (`outreach profile`,
`checkin settings`, `questions goal:`), so the guide only shows those lines ready to
type, with what is set so far. Every platform shows the same guide: the console when a
new person starts it, the Slack App Home and the Discord help for a member with no
profile. "New" means no name and no about line yet: until then drafts cannot introduce
the person, which is the first thing the practice needs.
"""

from __future__ import annotations

from bot.domain import Actor, UserSettings
from bot.reply import Action, Reply, Section
from bot.services import Services

PROFILE_LINE = 'outreach profile name:"Sam Rivera" about:"a teacher moving into UX research"'
GOAL_LINE = "questions goal:changing-careers"


def needs_guide(prefs: UserSettings | None) -> bool:
    """True while drafts would not know who is writing: no name, no about line."""
    return prefs is None or not (prefs.display_name or prefs.about_me)


def guide_reply(prefs: UserSettings | None, *, zone_hint: str = "") -> Reply:
    """The guide itself; `zone_hint` says where the current zone came from, if known."""
    zone = prefs.timezone if prefs is not None else ""
    goal = prefs.goal if prefs is not None else ""
    zone_now = f"Right now it's {zone}{zone_hint}. " if zone else ""
    other = "America/New_York" if zone == "Europe/London" else "Europe/London"
    zone_example = f"checkin settings timezone:{other}"
    steps = (
        Section(
            "1. Who you are",
            (f"Drafts open with your name and one line about you. For example: `{PROFILE_LINE}`",),
        ),
        Section(
            "2. Your time zone",
            (
                f"{zone_now}Reminders arrive in your daytime, and “tomorrow 3pm” means "
                f"your afternoon. To change it: `{zone_example}`",
            ),
        ),
        Section(
            "3. What you're after",
            (
                (f"Saved: {goal}. " if goal else "")
                + "Your goal picks the questions I suggest: exploring, breaking-in, "
                f"changing-careers or business-research. For example: `{GOAL_LINE}`",
            ),
        ),
    )
    return Reply(
        title="Welcome to Inroads",
        text=(
            "A few things about you first, so drafts and reminders fit. Each is one line, "
            "and you can skip any of them and come back later."
        ),
        sections=steps,
        actions=(
            Action("My profile", "outreach profile"),
            Action("My time zone and reminders", "checkin settings"),
        ),
        footer=(
            'Then try `outreach draft "Jane Doe" reason:"her talk on design research"` '
            "for your first request, or `help` for everything else."
        ),
    )


async def first_run_guide(svc: Services, actor: Actor, *, zone_hint: str = "") -> Reply | None:
    """The guide for someone who has not told us who they are yet, else None."""
    async with svc.uow() as uow:
        prefs = await uow.settings.get(actor)
    if not needs_guide(prefs):
        return None
    if prefs is None:
        prefs = UserSettings(
            actor.platform, actor.workspace_id, actor.user_id, timezone=svc.config.default_timezone
        )
    return guide_reply(prefs, zone_hint=zone_hint)
