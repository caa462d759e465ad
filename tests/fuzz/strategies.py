"""Hypothesis strategies for hostile command text, and the fuzz profiles.

Lines are built per command spec: the command's own path, then a shuffle of odd words,
quoted runs, mentions, ids, dates and that spec's own `key:value` options, so the fuzzer
spends its time inside each handler's validation rather than bouncing off "unknown
command". Half the lines start from the command's own working example with one or two
parts made hostile, so they also reach the handlers and the database. Profiles: ``HYPOTHESIS_PROFILE=quick`` (default, part of `make test`) and
``long`` (>= 10,000 examples per target, `make fuzz-long`). They are applied explicitly
by these tests, never loaded globally, so other test files keep their own settings.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from bot.commands import AnySpec
from bot.grammar import Mention, Value, parse, quote

PROFILES = {
    "quick": settings(
        max_examples=int(os.environ.get("INROADS_FUZZ_EXAMPLES", "50")),
        deadline=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    ),
    "long": settings(
        max_examples=int(os.environ.get("INROADS_FUZZ_EXAMPLES", "10000")),
        deadline=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    ),
}


def profile_name() -> str:
    name = os.environ.get("HYPOTHESIS_PROFILE", "quick")
    return name if name in PROFILES else "quick"


def fuzz_settings() -> settings:
    return PROFILES[profile_name()]


#: Strings that have broken bots before: injections, platform markup, edge numbers.
NASTY = (
    "'; DROP TABLE contacts; --",
    '" OR 1=1 --',
    "1; DELETE FROM reminders",
    "%' OR '%'='",
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<!subteam^S123|team>",
    "@everyone",
    "@here",
    "<@U0123ABCD>",
    "<@U0123ABCD|alice>",
    "<@!123456789012345678>",
    "<@>",
    "<@|x>",
    "<#C123|general>",
    "<https://evil.example|click>",
    "*bold*",
    "_it_",
    "~st~",
    "`code`",
    "```block```",
    "> quote",
    "\u202eevil\u202c",
    "\u200b",
    "\ufeff",
    "e\u0301\u0301\u0301",
    "🎉",
    "👩‍👩‍👧‍👦",
    "مرحبا",
    "日本語",
    "%s%n%x",
    "{0}{1}",
    "${jndi:ldap://x/a}",
    "{{7*7}}",
    "../../etc/passwd",
    "\\",
    "null",
    "None",
    "NaN",
    "inf",
    "-1",
    "0",
    "00",
    "1",
    "2",
    "3",
    "99999999999999999999999",
    "1e309",
    "0x10",
    "#1",
    "yes",
    "no",
    "confirm:yes",
    "today",
    "now",
    "tomorrow 3pm",
    "yesterday",
    "next monday 9am",
    "in 2 days",
    "in 0 minutes",
    "2026-11-03 14:00",
    "2026-02-30",
    "9999-12-31 23:59",
    "0001-01-01",
    "1970-01-01T00:00:00Z",
    "25:99",
    "3 weeks",
    "-5 days",
    "every monday",
    "Europe/Paris",
    "Mars/Olympus",
    "UTC+14",
    "mentor",
    "seeker",
    "both",
    "coffee",
    "video",
    "held",
    "thanked",
    "https://example.org/a:b",
    "a:",
    ":b",
    "::",
    ":",
    '"',
    "'",
    "“",
    "«",
    '""',
    "''",
    "\t",
    "\n",
    "\r\n",
)

_TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cs",)),
    max_size=40,
)
_ASCII = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=30)
_IDS = st.one_of(st.integers(1, 12), st.integers(-3, 10**15)).map(str)
_HUGE = st.builds(lambda atom, n: (atom or "x") * n, st.sampled_from(NASTY), st.integers(50, 2500))

ATOM = st.one_of(
    st.sampled_from(NASTY),
    st.sampled_from(NASTY),
    _TEXT,
    _ASCII,
    _IDS,
    st.from_regex(r"<@[UW][A-Z0-9]{2,11}(\|[a-z .]{0,12})?>", fullmatch=True),
)


@st.composite
def quoted(draw: st.DrawFn, atom: st.SearchStrategy[str] = ATOM) -> str:
    """An atom, sometimes quoted (well or badly), sometimes several atoms joined."""
    words = draw(st.lists(atom, min_size=1, max_size=3))
    value = " ".join(words)
    style = draw(st.integers(0, 7))
    if style == 1:
        return f'"{value}"'
    if style == 2:
        return f"'{value}'"
    if style == 3:
        return f"“{value}”"
    if style == 4:
        return f'"{value}'  # never closed
    return value if style != 5 else value.replace(" ", "")


def _word(value: Value) -> str:
    if isinstance(value, Mention):
        return f"<@{value.user_id}|{value.label}>" if value.label else f"<@{value.user_id}>"
    return quote(value)


@st.composite
def near_example(draw: st.DrawFn, spec: AnySpec) -> str:
    """The spec's own example (a command that works) with one or two parts made hostile.

    Pure junk is mostly refused at the door (an unknown option, a missing name); this
    half of the examples gets past it, into the handlers and the database, with odd
    names, notes, dates and numbers that are still well-formed commands."""
    args = parse(spec.example)
    words = [_word(p) for p in args.positionals[len(spec.path) :]]
    options = {key: _word(value) for key, value in args.options.items()}
    # Mostly well-formed values (quoted the way adapters quote), sometimes raw hostile text.
    value = st.one_of(ATOM.map(quote), ATOM.map(quote), quoted())
    for _ in range(draw(st.integers(1, 2))):
        target = draw(st.integers(0, 2))
        if target == 0 and words:  # a positional (a name, a number)
            words[draw(st.integers(0, len(words) - 1))] = draw(value)
        elif target == 1 and options:  # one of the example's own options
            options[draw(st.sampled_from(sorted(options)))] = draw(value)
        elif spec.options:  # any option the command takes
            options[draw(st.sampled_from(spec.options))] = draw(value)
    parts = words + [f"{key}:{value}" for key, value in options.items()]
    return " ".join([" ".join(spec.path), *parts])


def command_line(spec: AnySpec) -> st.SearchStrategy[str]:
    """Lines for one spec: half near its working example, half hostile from scratch."""
    return st.one_of(near_example(spec), hostile_line(spec))


@st.composite
def hostile_line(draw: st.DrawFn, spec: AnySpec) -> str:
    """`<path> <args…>` for one spec, with its own options and the odd stranger."""
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 4))):
        parts.append(draw(quoted()))
    option_keys = st.sampled_from(spec.options) if spec.options else st.nothing()
    for _ in range(draw(st.integers(0, 5))):
        key = draw(
            st.one_of(option_keys, option_keys, st.from_regex(r"[a-z]{1,6}", fullmatch=True))
        )
        parts.append(f"{key}:{draw(quoted())}")
    parts = draw(st.permutations(parts))
    if draw(st.integers(0, 30)) == 0:
        parts.append(draw(_HUGE))
    path = " ".join(spec.path)
    if draw(st.booleans()):
        path = draw(st.sampled_from((path.upper(), "/" + path, "  " + path + "  ")))
    return " ".join([path, *parts])


def any_line() -> st.SearchStrategy[str]:
    """Arbitrary text, with no command shape at all (the grammar and resolver's target)."""
    return st.one_of(
        st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300),
        st.lists(quoted(), max_size=8).map(" ".join),
        _HUGE,
        st.integers(19_990, 20_010).map(lambda n: "a" * n),
    )
