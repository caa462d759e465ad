"""Which community a command from a DM is for, when the person shares several servers
with the bot: a "which one?" answer with one button per server (each button carries the
server and the command, so a click runs it there). Split from the interaction handler,
which decides when to ask.
"""

from __future__ import annotations

import discord

from adapters.discord.buttons import CommandButton
from adapters.discord.render import BUTTONS_MAX, custom_id, cut
from bot.reply import Reply, Tone

NO_SHARED_SERVER = (
    "I can't tell which community this is for. Use the command inside your server "
    "(type `/` in any of its channels) and I'll answer there, privately."
)


def which_community(
    shared: tuple[discord.Guild, ...], line: str
) -> tuple[Reply, discord.ui.View | None]:
    """The servers to choose from, with a button each that runs `line` in that server."""
    if not shared:
        return Reply(text=NO_SHARED_SERVER, tone=Tone.WARNING), None
    ids = [custom_id(line, g.id) for g in shared[:BUTTONS_MAX]]
    view: discord.ui.View | None = None
    if all(ids) and len(shared) <= BUTTONS_MAX:  # all or nothing: a partial list misleads
        view = discord.ui.View(timeout=None)
        for guild, ident in zip(shared, ids, strict=True):
            assert ident is not None
            view.add_item(CommandButton(ident, label=cut(f"Use {guild.name}", 80)))
    text = "You're in several communities with me. Which one is this for?"
    if view is None:
        text += " Run the command in that server to say."
    names = tuple(g.name for g in shared)
    return Reply(title="Which community?", text=text, items=names), view
