"""What must never reach a log line, and how it is taken out.

Three kinds of text are private and reach logs by accident rather than on purpose:

* secrets: token shapes and the configured secrets' literal values;
* capabilities: a Slack `response_url` lets whoever holds it post as the app for 30
  minutes, and a Discord interaction or webhook URL carries a token that answers as the
  bot; SDKs put these URLs in their warnings (a 429 names the URL it retries);
* what people wrote: notes, check-in texts, names. The core never logs them, but an
  SDK dumps whole message bodies, and an exception message can quote the value that
  broke it (a driver's "invalid input for query argument $3: '…'", PostgreSQL's
  "DETAIL: Failing row contains (…)").

`Redactor` handles the first two and the message fields of payload dumps in any text.
Exception messages need a stricter rule, because their shape is not known in advance:
`safe_message` keeps the first line with every quoted span withheld (a value is always
quoted, by repr or by the database), drops the detail lines that follow, and for a
failed SQL statement adds the statement, which holds placeholders, never values (the
engine is built with `hide_parameters`). `safe_traceback` is Python's traceback format
(frames and source lines are code, not data) with those messages.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterable

REDACTED = "[redacted]"
WITHHELD = "[withheld]"

#: Token shapes that must never reach a log line, whatever logged them.
TOKEN_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"xox[abpres]-[A-Za-z0-9-]+"),  # Slack bot/user/app-config tokens
    re.compile(r"xapp-[A-Za-z0-9-]+"),  # Slack app-level (Socket Mode) tokens
    # Discord bot tokens: base64 user id . timestamp . HMAC
    re.compile(r"\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}"),
    re.compile(r"(?i)\b(Bearer)\s+[A-Za-z0-9._~+/=-]{8,}"),
)

#: URLs that are capabilities: the part after the first group is the secret.
CAPABILITY_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"(hooks\.slack(?:-gov)?\.com/)[^\s'\"<>,)}\]]+"),
    # A response_url's path on any host (proxies, GovSlack, the test fakes).
    re.compile(r"(/(?:commands|actions|workflows|triggers)/T[A-Z0-9]+/)[^\s'\"<>,)}\]]+"),
    re.compile(r"(/webhooks/\d+/)[A-Za-z0-9_.~-]+"),
    re.compile(r"(/interactions/\d+/)[A-Za-z0-9_.~-]+"),
)

#: Keys whose values are what someone wrote (or a capability), in the payload dumps
#: SDKs log: Block Kit and Discord message fields, forms, profiles, upload metadata.
TEXT_KEYS = (
    "text|content|value|values|title|description|name|label|placeholder|fallback|pretext"
    "|alt_text|initial_value|private_metadata|custom_id|real_name|display_name|user_name"
    "|username|global_name|nick|initial_comment|filename|message|notes|body|response_url"
    "|trigger_id|email|query|topic|purpose|summary|footer|first_name|last_name|phone"
    "|status_text|title_text"
)
#: `'key': 'value'` (Python repr) and `"key": "value"` (JSON), quotes escaped inside.
_FIELD_PATTERNS = tuple(
    re.compile(rf"""(["'](?:{TEXT_KEYS})["']\s*:\s*){q}(?:\\.|[^\\{q}])*{q}""") for q in ("'", '"')
)
#: `key=value` in form-encoded bodies and query strings.
_FORM_FIELD = re.compile(rf"(?<![\w.-])((?:{TEXT_KEYS})=)[^&\s'\",}}\]]+")

#: A quoted span in an exception message: a repr'd value, or one the database quoted.
_QUOTED = re.compile(r"'(?:\\.|[^\\'\n])*'|\"(?:\\.|[^\\\"\n])*\"|“[^”\n]*”|‘[^’\n]*’|«[^»\n]*»")
#: `Key (name)=(Jane)`: PostgreSQL's way of naming the value that clashed.
_KEY_VALUE = re.compile(r"=\([^)\n]*\)")
_CLASS_REPR = re.compile(r"<class '([\w.]+)'>")
MAX_MESSAGE_CHARS = 240
MAX_STATEMENT_CHARS = 400


class Redactor:
    """Replaces token shapes, the configured secrets' literal values, capability URLs and
    the message fields of payload dumps."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        # Very short values would redact ordinary words; real secrets are long.
        self._literals = sorted({s for s in secrets if len(s) >= 8}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for literal in self._literals:
            text = text.replace(literal, REDACTED)
        for pattern in TOKEN_PATTERNS:
            text = pattern.sub(_keep_scheme, text)
        for pattern in CAPABILITY_PATTERNS:
            text = pattern.sub(rf"\1{REDACTED}", text)
        for pattern in _FIELD_PATTERNS:
            text = pattern.sub(_redacted_field, text)
        return _FORM_FIELD.sub(rf"\1{REDACTED}", text)


def _keep_scheme(match: re.Match[str]) -> str:
    scheme = match.group(1) if match.re.groups else None
    return f"{scheme} {REDACTED}" if scheme else REDACTED


def _redacted_field(match: re.Match[str]) -> str:
    quote = match.group(0)[-1]
    return f"{match.group(1)}{quote}{REDACTED}{quote}"


def safe_message(error: BaseException) -> str:
    """The exception's message without what may be someone's text (see the module)."""
    try:
        text = str(error)
    except Exception:  # a broken __str__ must not lose the record
        return WITHHELD
    first, _, rest = text.strip().partition("\n")
    first = _CLASS_REPR.sub(r"<class \1>", first)
    first = _KEY_VALUE.sub(f"=({WITHHELD})", _QUOTED.sub(WITHHELD, first))
    if len(first) > MAX_MESSAGE_CHARS:
        first = first[:MAX_MESSAGE_CHARS] + f"… {WITHHELD}"
    statement = getattr(error, "statement", None)  # sqlalchemy.exc.StatementError
    if isinstance(statement, str):
        first += f" [SQL: {' '.join(statement.split())[:MAX_STATEMENT_CHARS]}]"
    elif rest.strip():
        first += f" ({len(rest.splitlines())} more lines {WITHHELD})"
    return first


def withhold_quoted(text: str) -> str:
    """`text` with every quoted span (a repr'd value) withheld."""
    return _QUOTED.sub(WITHHELD, text)


def safe_traceback(error: BaseException) -> str:
    """Python's traceback of `error` and the exceptions it came from, with
    :func:`safe_message` in place of each message."""
    chain: list[tuple[BaseException, str]] = []
    seen: set[int] = set()
    current: BaseException | None = error
    link = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, _CAUSE
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, _CONTEXT
        else:
            current = None
    parts: list[str] = []
    # Oldest first, as Python prints it; each link is printed before what it led to.
    for index, (exc, _) in enumerate(reversed(chain)):
        if index:
            parts.append(chain[len(chain) - index][1])
        frames = traceback.extract_tb(exc.__traceback__)
        if frames:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(traceback.format_list(frames))
        parts.append(f"{_qualified_name(type(exc))}: {safe_message(exc)}\n")
    return "".join(parts).rstrip("\n")


_CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n"
_CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n"


def _qualified_name(kind: type[BaseException]) -> str:
    module = kind.__module__
    if module in {"builtins", "__main__"}:
        return kind.__qualname__
    return f"{module}.{kind.__qualname__}"
