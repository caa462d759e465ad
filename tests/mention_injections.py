"""Text a hostile or careless member might type to reach everyone through the bot, and
detectors for a live mention in what Slack or Discord was asked to post.

Shared by the Slack and Discord tests (issue 15 §4): every field that reaches another
member is filled with these strings, and every posted text and block is scanned.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from bot.mentions import CLOSE, OPEN

#: As a slash command delivers them (Slack escapes what was typed literally: `<!here>` typed
#: by hand arrives as `&lt;!here&gt;`; `@here` picked from the menu arrives as `<!here>`).
SLACK_TYPED = (
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<!subteam^S0DESIGN|@design>",
    "<@U0EVE>",
    "<@U0EVE|eve>",
    "<#C0SECRET|secret>",
    "&lt;!here&gt;",
    "&lt;@U0EVE&gt;",
    "@channel",
    "@here",
    "@everyone",
    f"{OPEN}@U0EVE{CLOSE}",  # a forged core mention token
)

#: As Discord delivers them (no escaping: the option value is what was typed).
DISCORD_TYPED = (
    "@everyone",
    "@here",
    "<@100000000000000099>",
    "<@!100000000000000099>",
    "<@&200000000000000099>",
    "<#400000000000000099>",
    "</inroads help:1>",
    "<!here>",
    f"{OPEN}@100000000000000099{CLOSE}",
)

_SLACK_LIVE = re.compile(r"<[@#!][^>]*>")
_DISCORD_LIVE = re.compile(r"<(?:@[!&]?|#|/)[^>]*>")
_BROADCAST = re.compile(r"(?<!\w)@(?:here|channel|everyone)\b")


def injection(typed: Iterable[str]) -> str:
    return "ping " + " ".join(typed) + " end"


def slack_live(text: str) -> set[str]:
    """Everything in mrkdwn Slack would turn into a mention or a broadcast."""
    return set(_SLACK_LIVE.findall(text)) | set(_BROADCAST.findall(text))


def discord_live(text: str) -> set[str]:
    """Everything Discord would render as a mention or ping (`@everyone`, `<@1>`, ...)."""
    return set(_DISCORD_LIVE.findall(text)) | set(_BROADCAST.findall(text))


def slack_texts(calls: Iterable[Any], responses: Iterable[dict[str, Any]]) -> list[str]:
    """What the bot asked Slack to show: each posted or updated message (notification text
    and blocks) and each response_url answer."""
    out: list[str] = []
    for call in calls:
        if call.method in ("chat.postMessage", "chat.update", "chat.postEphemeral"):
            out.append(
                str(call.params.get("text", ""))
                + "\n"
                + json.dumps(call.blocks, ensure_ascii=False)
            )
    for body in responses:
        out.append(
            str(body.get("text", ""))
            + "\n"
            + json.dumps(body.get("blocks") or [], ensure_ascii=False)
        )
    return out


def no_token_leaks(texts: Iterable[str]) -> bool:
    return not any(OPEN in t or CLOSE in t for t in texts)
