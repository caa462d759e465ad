"""The app manifest matches what the adapter handles and the scopes it needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from adapters.slack.component import EVENTS_PATH
from adapters.slack.listeners import COMMAND_GROUPS
from adapters.slack.oauth import BOT_SCOPES, REDIRECT_PATH

MANIFEST = Path(__file__).resolve().parents[2] / "deploy" / "slack-manifest.yml"


def manifest() -> dict[str, Any]:
    return dict(yaml.safe_load(MANIFEST.read_text()))


def test_every_command_is_declared_with_escaping() -> None:
    commands = manifest()["features"]["slash_commands"]
    assert [c["command"] for c in commands] == [f"/{g}" for g in COMMAND_GROUPS]
    for command in commands:
        assert command["should_escape"] is True  # mentions arrive as <@U…|name>
        assert command["url"].endswith(EVENTS_PATH)
        assert len(command["description"]) <= 100
        assert len(command["usage_hint"]) <= 100


def test_every_core_group_reaches_slack() -> None:
    """A new command group must be a slash command too, or Slack users never see it."""
    from bot.registry import all_specs

    groups = {spec.path[0] for spec in all_specs()}
    assert groups == set(COMMAND_GROUPS)


def test_scopes_events_and_urls() -> None:
    data = manifest()
    assert data["oauth_config"]["scopes"]["bot"] == list(BOT_SCOPES)
    assert data["oauth_config"]["redirect_urls"][0].endswith(REDIRECT_PATH)
    settings = data["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "app_home_opened",
        "app_uninstalled",
        "tokens_revoked",
        "message.im",
    }
    assert settings["event_subscriptions"]["request_url"].endswith(EVENTS_PATH)
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["interactivity"]["request_url"].endswith(EVENTS_PATH)
    assert data["features"]["app_home"]["home_tab_enabled"] is True
