"""From text (or a prebuilt command) to a Reply, with every error made friendly.

The dispatcher is the single place that turns exceptions into replies: a UsageError
becomes a clear message with an example; anything unexpected is logged with context
(command and tenant, never message contents) and the person gets an apology that says
nothing was changed — handlers commit only at their end, so that is true.
"""

from __future__ import annotations

import difflib
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import fields, replace

from bot import mentions
from bot.buttons import stale_button
from bot.choices import choice_reply
from bot.commands import AnySpec, Command
from bot.domain import Actor
from bot.errors import ChoiceError, UsageError
from bot.grammar import ParsedArgs, parse
from bot.hints import LooseValue, loose_value, mend, mend_reply, or_list, subcommand_guess
from bot.reply import Reply, Target, error_reply
from bot.services import Services
from bot.typed import Values, build_typed, line_for

log = logging.getLogger(__name__)

#: Called after every command: (command name, outcome, seconds). Adapters hook metrics here.
Observer = Callable[[str, str, float], None]

INTERNAL_ERROR_TEXT = (
    "Sorry, something went wrong on our side and nothing was changed. "
    "Please try again in a moment; if it keeps happening, tell your workspace admin."
)


class Dispatcher:
    def __init__(
        self,
        services: Services,
        specs: Sequence[AnySpec],
        observers: Iterable[Observer] = (),
    ) -> None:
        self.services = services
        self.specs = tuple(specs)
        self._observers = list(observers)
        self._by_path: dict[tuple[str, ...], AnySpec] = {}
        for spec in self.specs:
            for path in (spec.path, *spec.aliases):
                if path in self._by_path:
                    raise ValueError(f"two commands claim {' '.join(path)!r}")
                self._by_path[path] = spec
        # A group's own command also answers to the name Discord gives it (`/actions
        # list`), so what a member sees there works when typed anywhere.
        for spec in self.specs:
            shown = (*spec.path, spec.bare_name)
            if spec.bare_name != "run" and len(shown) <= 3:
                self._by_path.setdefault(shown, spec)
        self._groups = {spec.path[0] for spec in self.specs}

    def add_observer(self, observer: Observer) -> None:
        self._observers.append(observer)

    def resolve(self, text: str) -> tuple[AnySpec, ParsedArgs]:
        """Find the command a line of text names; raises UsageError when none fits."""
        args = parse(text.strip().removeprefix("/"))
        words = [w.lower() if isinstance(w, str) else "" for w in args.positionals]
        for length in range(min(len(words), 3), 0, -1):
            spec = self._by_path.get(tuple(words[:length]))
            if spec is not None:
                return spec, args.shifted(length)
        raise self._unknown(words, text)

    def _unknown(self, words: list[str], text: str = "") -> UsageError:
        if not words or not words[0]:
            return UsageError("Type a command, for example `help`.", example="help")
        group = words[0]
        if group in self._groups:
            subs = sorted(" ".join(s.path[1:]) for s in self.specs if s.path[0] == group)
            typo = self._subcommand_typo(group, words, subs, text)
            if typo is not None:
                return typo
            wanted = f" `{words[1]}`" if len(words) > 1 else ""
            return UsageError(
                f"`{group}` needs a subcommand{'' if not wanted else ', not' + wanted}.",
                hint="Choose one of: " + ", ".join(f"`{group} {s}`" for s in subs if s),
                example=next(s.example for s in self.specs if s.path[0] == group),
            )
        meant = subcommand_guess(group, self.specs)
        if meant:  # "stats" → `inroads stats`: the word is right, the group is missing
            return UsageError(
                f"I don't know the command `{group[:40]}` on its own.",
                hint=f"Did you mean {or_list(meant)}? Type `help` to see every command.",
                example=" ".join([meant[0], *text.strip().removeprefix("/").split(maxsplit=1)[1:]]),
            )
        close = difflib.get_close_matches(group, sorted(self._groups), n=1)
        hint = f"Did you mean `{close[0]}`? " if close else ""
        return UsageError(
            f"I don't know the command `{group[:40]}`.",
            hint=hint + "Type `help` to see every command.",
        )

    @staticmethod
    def _subcommand_typo(
        group: str, words: list[str], subs: list[str], text: str
    ) -> UsageError | None:
        """`checkin snoze 7 1 day`: the group is right and the next word nearly names
        one of its subcommands; the refusal offers the line with it spelled right."""
        if len(words) < 2 or not words[1]:
            return None
        close = difflib.get_close_matches(words[1], sorted({s.split()[0] for s in subs if s}), n=1)
        if not close:
            return None
        rest = text.strip().removeprefix("/").split(maxsplit=2)[2:]
        return UsageError(
            f"`{group}` has no subcommand `{words[1][:40]}`.",
            hint=f"Did you mean `{group} {close[0]}`?",
            example=" ".join([group, close[0], *rest]),
        )

    def _loose_value(self, text: str, spec: AnySpec, args: ParsedArgs) -> LooseValue | None:
        """An unquoted value that ran into the next words; refused at once when it can only
        be a mistake (a name cut in two), otherwise kept to explain a refusal if one comes."""
        consumed = len(parse(text.strip().removeprefix("/")).positionals) - len(args.positionals)
        loose = loose_value(text, spec, consumed)
        if loose is not None and loose.splits_positionals:
            raise loose.refusal()
        return loose

    def check_options(self, spec: AnySpec, args: ParsedArgs) -> None:
        unknown = sorted(set(args.options) - set(spec.options))
        if unknown:
            allowed = ", ".join(f"`{o}:`" for o in spec.options) or "none"
            raise UsageError(
                f"`{spec.name}` doesn't take the option `{unknown[0][:32]}:`.",
                hint=f"Options it takes: {allowed}.",
                example=spec.example,
            )

    async def run_text(self, actor: Actor, text: str, *, expects: Target | None = None) -> Reply:
        """Parse, validate, build and handle one line of command text.

        `expects` is the record a clicked button was drawn for (`bot.buttons`): when it is
        gone or has changed kind, the reply says so and the command does not run.
        """
        # Typed text never carries the core's mention tokens (bot.mentions): a reply can
        # then mention only whom the core chose to.
        text = mentions.scrub(text)
        actor = _scrubbed_actor(actor)

        async def work(label: list[str]) -> Reply:
            spec, args = self.resolve(text)
            label[0] = spec.name
            loose = self._loose_value(text, spec, args)
            try:
                self.check_options(spec, args)
                if expects is not None:
                    stale = await stale_button(self.services, actor, expects, text)
                    if stale is not None:
                        return stale
                reply = await spec.handle(spec.build(args, actor), self.services)
            except UsageError as exc:
                mend(exc, text, loose)
                raise
            return mend_reply(reply, loose)

        return await self._guarded(actor, work, line=text)

    async def run(self, spec: AnySpec, command: Command) -> Reply:
        """Run an already-built command (typed adapters), with the same error handling."""
        command = _scrubbed(command)

        async def work(label: list[str]) -> Reply:
            label[0] = spec.name
            return await spec.handle(command, self.services)

        return await self._guarded(command.actor, work)

    async def run_values(
        self, actor: Actor, spec: AnySpec, values: Values, *, line: str = ""
    ) -> Reply:
        """Build and run a command from typed values (Discord options, forms), with the same
        error handling as text; a refusal's `field` says which value it is about.

        `line` is the same command as text, for buttons a reply offers (a choice between
        two contacts re-runs it with the pick); written from the values when not given.
        """
        actor = _scrubbed_actor(actor)

        async def work(label: list[str]) -> Reply:
            label[0] = spec.name
            command = _scrubbed(build_typed(spec, values, actor))
            return await spec.handle(command, self.services)

        return await self._guarded(actor, work, line=line or line_for(spec, values))

    async def _guarded(
        self, actor: Actor, work: Callable[[list[str]], Awaitable[Reply]], *, line: str = ""
    ) -> Reply:
        started = time.perf_counter()
        label = ["unknown"]
        try:
            reply = await work(label)
        except ChoiceError as exc:  # "which Dana?": buttons that re-run `line` with the pick
            self._observe(label[0], "rejected", started)
            return await self._after(actor, choice_reply(exc, line))
        except UsageError as exc:
            self._observe(label[0], "rejected", started)
            return await self._after(
                actor,
                error_reply(exc.problem, example=exc.example, hint=exc.hint, about=exc.field),
            )
        except Exception:
            log.exception(
                "command %s failed",
                label[0],
                extra={
                    "command": label[0],
                    "platform": actor.platform,
                    "workspace": actor.workspace_id,
                },
            )
            self._observe(label[0], "error", started)
            return error_reply(INTERNAL_ERROR_TEXT)
        self._observe(label[0], "error" if reply.is_error else "ok", started)
        return await self._after(actor, reply)

    async def _after(self, actor: Actor, reply: Reply) -> Reply:
        """Reply hooks (Services.reply_hooks); a failing hook never costs the reply."""
        for hook in self.services.reply_hooks:
            try:
                reply = await hook(actor, reply, self.services)
            except Exception:
                log.exception("reply hook failed", extra={"platform": actor.platform})
        return reply

    def spec_for(self, path: tuple[str, ...]) -> AnySpec:
        return self._by_path[path]

    def _observe(self, name: str, outcome: str, started: float) -> None:
        elapsed = time.perf_counter() - started
        for observer in self._observers:
            try:
                observer(name, outcome, elapsed)
            except Exception:
                log.exception("command observer failed")


def _scrubbed_actor(actor: Actor) -> Actor:
    clean = mentions.scrub(actor.display_name)
    return actor if clean == actor.display_name else replace(actor, display_name=clean)


def _scrubbed(command: Command) -> Command:
    """A typed command with every text field scrubbed as typed lines are (run_text)."""
    changes: dict[str, object] = {"actor": _scrubbed_actor(command.actor)}
    for field in fields(command):
        if not field.init:
            continue
        value = getattr(command, field.name)
        if isinstance(value, str):
            changes[field.name] = mentions.scrub(value)
        elif isinstance(value, tuple | list) and all(isinstance(v, str) for v in value):
            changes[field.name] = type(value)(mentions.scrub(v) for v in value)
    return replace(command, **changes)  # type: ignore[arg-type]
