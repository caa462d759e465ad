"""Structured logs: JSON lines with context, and no token ever reaches the output."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from adapters.ops.logs import REDACTED, Redactor, configure_logging, settings_secrets
from adapters.settings import load_settings

SLACK_BOT = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx"
SLACK_USER = "xoxp-1111-2222-3333-abcdefabcdef"
SLACK_APP = "xapp-1-A0123456789-1234567890123-abcdef0123456789"
DISCORD = "MTA5ODc2NTQzMjEwOTg3NjU0Mw.GhIjKl.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789ab"
BEARER = "Authorization: Bearer abc.def-ghi_jkl~123"


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    out = io.StringIO()
    yield out
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in saved[0]:
        root.addHandler(handler)
    root.setLevel(saved[1])


@pytest.mark.parametrize("token", [SLACK_BOT, SLACK_USER, SLACK_APP, DISCORD])
def test_token_patterns_are_redacted(token: str) -> None:
    assert Redactor()(f"calling with {token} now") == f"calling with {REDACTED} now"


def test_bearer_header_keeps_scheme_loses_value() -> None:
    assert Redactor()(BEARER) == f"Authorization: Bearer {REDACTED}"


def test_ordinary_text_is_untouched() -> None:
    text = "Bot ready as inroads#1234; Bearer of good news; interview 12 logged at 14:00"
    assert Redactor()(text) == text


def test_json_lines_carry_extra_context_and_are_redacted(stream: io.StringIO) -> None:
    configure_logging("INFO", "json", stream=stream)
    log = logging.getLogger("inroads.test")
    log.info("sending with %s", SLACK_BOT, extra={"workspace": "T1", "header": BEARER})
    log.warning("plain", extra={"command": "interview log"})
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert len(lines) == 2
    first = lines[0]
    assert set(first) >= {"timestamp", "level", "logger", "message", "workspace", "header"}
    assert first["level"] == "INFO"
    assert first["logger"] == "inroads.test"
    assert first["message"] == f"sending with {REDACTED}"
    assert first["workspace"] == "T1"
    assert first["header"] == f"Authorization: Bearer {REDACTED}"
    assert first["timestamp"].endswith("+00:00")
    assert lines[1]["command"] == "interview log"


def test_tracebacks_are_redacted_too(stream: io.StringIO) -> None:
    configure_logging("INFO", "json", stream=stream)
    try:
        raise RuntimeError(f"SDK said: bad token {SLACK_APP}")
    except RuntimeError:
        logging.getLogger("sdk").exception("call failed")
    entry = json.loads(stream.getvalue())
    assert "RuntimeError" in entry["exception"]
    assert SLACK_APP not in stream.getvalue()
    assert REDACTED in entry["exception"]


def test_text_format_is_redacted_and_shows_context(stream: io.StringIO) -> None:
    configure_logging("DEBUG", "text", stream=stream)
    logging.getLogger("x").debug("token %s", DISCORD, extra={"platform": "discord"})
    out = stream.getvalue()
    assert DISCORD not in out
    assert f"x: token {REDACTED} [platform=discord]" in out


def test_configured_secrets_are_redacted_literally(stream: io.StringIO) -> None:
    settings = load_settings(
        slack_bot_token="not-a-known-shape-secret-1",
        slack_signing_secret="signing-secret-value-42",
        database_url="postgresql://bot:db-pass-9876@db:5432/inroads",
    )
    secrets = settings_secrets(settings)
    assert {"not-a-known-shape-secret-1", "signing-secret-value-42", "db-pass-9876"} <= set(secrets)
    configure_logging("INFO", "text", secrets=secrets, stream=stream)
    logging.getLogger("x").info("values: signing-secret-value-42 and db-pass-9876")
    out = stream.getvalue()
    assert "signing-secret-value-42" not in out
    assert "db-pass-9876" not in out
    assert out.count(REDACTED) == 2


def test_level_is_applied(stream: io.StringIO) -> None:
    configure_logging("WARNING", "json", stream=stream)
    logging.getLogger("x").info("hidden")
    logging.getLogger("x").warning("shown")
    assert [json.loads(line)["message"] for line in stream.getvalue().splitlines()] == ["shown"]
