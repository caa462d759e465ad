"""The App Home tab: built from the replies of ordinary core commands.

The adapter never queries storage for Home: it runs `checkin list`, `interview list`,
`people browse` (a few members open to a chat) and `inroads stats` as the person (so
privacy rules and formatting stay in the core) and renders each reply as a block group.
Commands the core does not have (yet) are skipped. A member with no profile yet sees the
core's first-run guide at the top.
"""

from __future__ import annotations

from slack_sdk.models.views import View

from adapters.slack.render import (
    BlockDict,
    buttons,
    context,
    divider,
    header,
    render_blocks,
    section,
)
from bot.dispatcher import Dispatcher
from bot.domain import Actor
from bot.errors import UsageError
from bot.general.welcome import first_run_guide
from bot.reply import Action

#: The directory's browse view: its Next, Previous and filter buttons redraw Home with
#: another `people browse` line instead of answering by DM (adapters/slack/listeners.py).
BROWSE = "people browse"
#: (heading, command) shown on Home, in order.
HOME_SECTIONS = (
    ("Upcoming check-ins", "checkin list"),
    ("Recent interviews", "interview list"),
    ("People open to a chat", BROWSE),
    ("Your funnel", "inroads stats chart:off"),  # Home can't show the picture
)
QUICK_ACTIONS = (
    Action("Log an interview", "interview log", "primary"),
    Action("Plan an interview", "interview plan"),
    Action("My check-ins", "checkin list"),
    Action("Mentoring profile", "mentor join"),
    Action("Help", "help"),
)
MAX_HOME_BLOCKS = 100
SECTION_BUDGET = 28


def _available(dispatcher: Dispatcher, command: str) -> bool:
    try:
        dispatcher.resolve(command)
    except UsageError:
        return False
    return True


def is_browse(command: str) -> bool:
    """A click on Home that pages or filters the directory section."""
    return command == BROWSE or command.startswith(BROWSE + " ")


async def build_home(dispatcher: Dispatcher, actor: Actor, browse: str = BROWSE) -> View:
    """Home for `actor`; `browse` is the directory section's page and filters."""
    blocks: list[BlockDict] = [
        header("Inroads"),
        section(
            "Your informational interviews at a glance. Everything here is visible to you only."
        ),
    ]
    offset = 0
    # A member who hasn't said who they are yet sees the first-run guide before anything.
    guide = await first_run_guide(dispatcher.services, actor)
    if guide is not None:
        blocks.append(divider())
        blocks.extend(render_blocks(guide, max_blocks=SECTION_BUDGET))
        offset = len(guide.actions)
    quick = tuple(a for a in QUICK_ACTIONS if _available(dispatcher, a.command))
    blocks.extend(buttons(quick, offset))
    offset += len(quick)
    for heading, command in HOME_SECTIONS:
        if not _available(dispatcher, command):
            continue
        if command == BROWSE:
            command = browse
        reply = await dispatcher.run_text(actor, command)
        part = render_blocks(reply, max_blocks=SECTION_BUDGET, action_offset=offset)
        offset += len(reply.actions)
        blocks.append(divider())
        blocks.append(section(f"*{heading}*"))
        blocks.extend(part)
    blocks.append(context("Type `/inroads help` for every command."))
    # View parses the dicts into slack_sdk blocks and serialises them back unchanged (the
    # round trip tests/slack/test_render.py checks); Home is drawn rarely, so that is cheap.
    return View(type="home", blocks=blocks[:MAX_HOME_BLOCKS])
