"""Fuzzing Discord interaction payloads through the real adapter (issue 15 §7).

Each example starts from an interaction Discord really sends (a slash command in a server
or in the DM, an autocomplete, a button click on a reminder DM or a public message, a form
submit) and bends its ``data`` out of shape: a key removed, a value swapped for a list, a
number, a huge string, a lone surrogate, an id the bot never made. It enters through
``INTERACTION_CREATE``'s parser, the function the gateway calls, and runs in real
discord.py against the fake Discord API (which checks every body against Discord's spec).

Whatever the shape: no record at ERROR, no traceback, no task ending in an exception, no
body Discord would refuse, and either a kind answer or none at all.

When discord.py is done with an interaction it ignores (no answer to wait for) is
told by tests/discord/settle.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import logging
import time
from collections.abc import Iterator
from typing import Any

import discord
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.discord.client import api_base
from adapters.discord.notifier import DiscordNotifier
from adapters.discord.render import custom_id
from bot.bootstrap import build_dispatcher, build_services
from bot.dispatcher import INTERNAL_ERROR_TEXT
from bot.domain import Actor
from bot.reply import Action, Reply
from tests.discord.conftest import ALICE_ID, BOB_ID, CHANNEL, GUILD, DiscordHarness, embed_text
from tests.discord.fake_api import Call, FakeDiscord
from tests.discord.settle import settle
from tests.fakes import FakeUnitOfWorkFactory, FixedClock, RecordingNotifier
from tests.fuzz.figures import record
from tests.fuzz.strategies import NASTY, fuzz_settings

ALICE = Actor("discord", GUILD, ALICE_ID, "Alice")
DELETE = object()
LAST_RESORT = "ignored a Discord interaction discord.py could not read"

odd_text = st.one_of(
    st.text(max_size=12),
    st.sampled_from(NASTY),
    st.sampled_from(["\ud800", "Jane \udfff Doe", "x" * 5_000, "y" * 120, ""]),
    st.sampled_from(  # ids the bot never made, or made for somewhere else
        [
            "inroads:zz:checkin done 999999",
            "inroads::",
            "inroads:!!:help",
            "inroads:" + "9" * 40 + ":help",
            "something:else",
            "inroads:@reminder:1:help",
        ]
    ),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    odd_text,
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(["name", "type", "value", "options", "custom_id", "id"])
            | st.text(max_size=4),
            inner,
            max_size=4,
        ),
    ),
    max_leaves=12,
)
#: Envelope keys a confused or hostile sender might also get wrong.
ENVELOPE = ("guild_id", "context", "authorizing_integration_owners", "channel_id")


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.bad: list[logging.LogRecord] = []
        self.dropped = 0  # refused by the adapter's shape check

    def emit(self, record: logging.LogRecord) -> None:
        # The parser's last resort keeps the shard alive, but reaching it means the shape
        # check missed something discord.py then choked on: counted as a failure here.
        last_resort = record.getMessage().startswith(LAST_RESORT)
        if record.levelno >= logging.ERROR or record.exc_info or last_resort:
            self.bad.append(record)
        elif record.getMessage().startswith("ignored a malformed Discord interaction"):
            self.dropped += 1


def _paths(value: Any, prefix: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def _at(payload: dict[str, Any], path: tuple[Any, ...]) -> Any:
    found: Any = payload
    for step in path:
        if not isinstance(found, dict | list) or step not in (
            found if isinstance(found, dict) else range(len(found))
        ):
            return None  # a DM payload has no guild_id, for one
        found = found[step]
    return found


def _apply(payload: dict[str, Any], path: tuple[Any, ...], new: Any) -> None:
    parent: Any = payload
    for step in path[:-1]:
        try:
            parent = parent[step]
        except (KeyError, IndexError, TypeError):
            return  # an earlier change removed the way there
    if not isinstance(parent, dict | list):
        return
    if new is DELETE:
        with contextlib.suppress(KeyError, IndexError, TypeError):
            del parent[path[-1]]
    else:
        with contextlib.suppress(IndexError, TypeError):
            parent[path[-1]] = new


class Bench:
    """A logged-in client, the fake API, and well-formed payloads to bend."""

    def __init__(self, harness: DiscordHarness) -> None:
        self.h = harness
        self.dm: dict[str, Any] = {}
        self.public: dict[str, Any] = {}
        self._form: dict[str, Any] = {}

    async def prepare(self) -> None:
        h = self.h
        h.add_guild(GUILD, "Alumni", (ALICE_ID,))
        await h.dispatcher.run_text(ALICE, 'interview log "Jane Doe" company:Acme')
        actions = (Action("My interviews", "interview list"), Action("Help", "help"))
        ref = await DiscordNotifier(h.client).send_dm(
            ALICE, Reply(text="Say thanks", actions=actions), idempotency_key="fuzz"
        )
        self.dm = h.fake.messages[ref.split("/")[1]]
        ident = custom_id("interview list")
        assert ident is not None
        button = {"type": 2, "style": 2, "label": "List", "custom_id": ident}
        self.public = h.fake._message(
            {"content": "x", "components": [{"type": 1, "components": [button]}]}, CHANNEL
        )

    async def form(self) -> dict[str, Any]:
        """A fresh form (discord.py forgets one once submitted): open it, answer it."""
        token = self.h.feed(self.h.slash(("interview", "log"), {}))
        opened = await self.h.answer(token)
        assert opened.body["type"] == 9
        return self.h.submit(
            opened.body["data"], {"Who did you talk to?": "Jane Doe", "Notes": "Good chat"},
            user=ALICE_ID,
        )  # fmt: skip

    async def payload(self, kind: str) -> dict[str, Any]:
        h = self.h
        if kind == "slash":
            return h.slash(("interview", "log"), {"contact": "Omar", "notes": "Tea"})
        if kind == "slash-member":  # a user option: resolved users and members to bend
            payload = h.slash(("interview", "log"), {"with": BOB_ID})
            member = {"roles": [], "joined_at": "2026-01-01T00:00:00+00:00", "flags": 0}
            payload["data"]["resolved"]["members"] = {BOB_ID: {**member, "permissions": "0"}}
            return payload
        if kind == "slash-number":
            return h.slash(("checkin", "done"), {"id": 1})
        if kind == "slash-dm":
            return h.slash(("interview", "list"), {"contact": "Jane"}, guild=None)
        if kind == "autocomplete":
            return h.slash(("contact", "show"), {"contact": "ja"}, focused="contact")
        if kind == "click-dm":
            button = self.dm["components"][0]["components"][0]
            return h.click(self.dm, button["custom_id"], user=ALICE_ID)
        if kind == "click-public":
            button = self.public["components"][0]["components"][0]
            return h.click(self.public, button["custom_id"], user=ALICE_ID, guild=GUILD)
        return await self.form()


KINDS = (
    "slash",
    "slash-member",
    "slash-number",
    "slash-dm",
    "autocomplete",
    "click-dm",
    "click-public",
    "form",
)


@st.composite
def mutations(draw: st.DrawFn, shapes: dict[str, dict[str, Any]]) -> tuple[str, list[Any]]:
    """A template and the changes to make to it (paths into its `data`, mostly)."""
    kind = draw(st.sampled_from(KINDS))
    shape = shapes[kind]
    changes: list[Any] = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.integers(0, 5)) == 0:
            path: tuple[Any, ...] = (draw(st.sampled_from(ENVELOPE)),)
        else:
            path = draw(st.sampled_from(list(_paths(shape["data"], ("data",)))))
        current = _at(shape, path)
        if isinstance(current, str) and draw(st.booleans()):
            new: Any = draw(odd_text)  # the right type, the wrong text: reaches the handlers
        elif isinstance(current, int) and not isinstance(current, bool) and draw(st.booleans()):
            new = draw(st.integers(-(2**70), 2**70))
        else:
            new = draw(st.just(DELETE) | json_values)
        changes.append((path, new))
    return kind, changes


def _answers(fake: FakeDiscord, token: str, after: int) -> list[Call]:
    return [c for c in fake.calls[after:] if token in c.path]


async def _harness(fake: FakeDiscord) -> DiscordHarness:
    uow = FakeUnitOfWorkFactory()
    services = build_services(uow, clock=FixedClock(), notifier=RecordingNotifier())
    harness = DiscordHarness(fake, uow, build_dispatcher(services), services, None)  # type: ignore[arg-type]
    await harness.new_client()
    return harness


def test_interaction_payloads_of_random_shapes() -> None:
    previous_base = discord.http.Route.BASE
    with asyncio.Runner() as runner:
        fake = FakeDiscord()
        runner.run(fake.start())
        base = api_base(fake.base)
        base.__enter__()
        harness = runner.run(_harness(fake))
        bench = Bench(harness)
        runner.run(bench.prepare())
        shapes = {kind: runner.run(bench.payload(kind)) for kind in KINDS}
        records = _Records()
        logging.getLogger().addHandler(records)
        outcomes = {"answered": 0, "silent": 0}
        failed = True
        started = time.perf_counter()
        tokens = itertools.count(1)
        try:

            @settings(fuzz_settings(), max_examples=max(500, fuzz_settings().max_examples))
            @given(sent=mutations(shapes))
            def one(sent: tuple[str, list[Any]]) -> None:
                kind, changes = sent
                payload = copy.deepcopy(runner.run(bench.payload(kind)))
                payload["token"] = f"fuzz-{next(tokens)}"  # each example its own answers
                for path, new in changes:
                    _apply(payload, path, new if new is DELETE else copy.deepcopy(new))
                after = len(fake.calls)
                failures = runner.run(settle(harness.client, payload))
                answers = _answers(fake, str(payload["token"]), after)
                outcomes["answered" if answers else "silent"] += 1
                bad = [f"{r.name}: {r.getMessage()} {r.exc_info!r}" for r in records.bad]
                records.bad.clear()
                assert not failures, (failures, kind, changes)
                assert not bad, (bad, kind, changes)
                assert not [c.errors for c in answers if c.errors], (kind, changes)
                texts = [embed_text(c) for c in answers if c.method in ("post", "patch")]
                assert not [t for t in texts if INTERNAL_ERROR_TEXT[:40] in t], (kind, changes)

            one()
            failed = False
        finally:
            logging.getLogger().removeHandler(records)
            record(
                "discord payloads",
                examples=sum(outcomes.values()),
                rejected=records.dropped,
                failed=failed,
                seconds=time.perf_counter() - started,
            )
            for client in harness.clients:
                with contextlib.suppress(Exception):
                    runner.run(client.close())
            base.__exit__(None, None, None)
            runner.run(fake.stop())
    assert previous_base == discord.http.Route.BASE
    assert not fake.invalid(), [(c.route, c.errors) for c in fake.invalid()]
    assert outcomes["answered"] > 0, outcomes  # some still reached the handlers
    assert records.dropped > 0, outcomes  # and some were odd enough to be dropped
