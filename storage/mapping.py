"""Map the core's dataclasses onto the tables (imperative mapping).

The core stays free of SQLAlchemy; the ORM instruments its classes here, once. JSON list
columns are replaced, not mutated in place, by the handlers (the ORM tracks assignment).

Each class's dataclass ``__init__`` is swapped, before mapping, for one that writes the
new object's fields straight into its ``__dict__``. Why: once mapped, every field set in
the dataclass's own ``__init__`` goes through an instrumented attribute that records
history, and a new object has none to record: a check-in cost 21 µs to build, now 5
(1 unmapped), and a full ``interview log`` builds five or six. The ORM reads a new
object's values from its ``__dict__`` when it is inserted (and storage/inserts.py does
the same), so nothing else changes; every set after construction is tracked as before.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import registry

from bot import domain
from bot.directory.request_model import ConversationRequest, MemberBlock
from storage import tables

mapper_registry = registry()
_TABLES = {
    domain.Contact: tables.contacts,
    domain.Interview: tables.interviews,
    domain.Outcome: tables.outcomes,
    domain.ActionItem: tables.action_items,
    domain.Reminder: tables.reminders,
    domain.UserSettings: tables.user_settings,
    domain.CustomQuestion: tables.custom_questions,
    domain.Profile: tables.profiles,
    domain.GroupConfig: tables.group_configs,
    domain.MatchRound: tables.match_rounds,
    domain.Match: tables.matches,
    ConversationRequest: tables.conversation_requests,
    MemberBlock: tables.member_blocks,
}
_started = False


def start_mappers() -> None:
    """Idempotent: the first call maps every class; later calls do nothing."""
    global _started
    if _started:
        return
    for cls, table in _TABLES.items():
        cls.__init__ = _untracked_init(cls)  # type: ignore[misc]
        mapper_registry.map_imperatively(cls, table)
    _started = True


_MISSING = dataclasses.MISSING


def _untracked_init(cls: type[Any]) -> Callable[..., None]:
    """The dataclass's ``__init__`` (same arguments, defaults and errors), writing into
    ``__dict__`` (see the module's docstring). Keyword-only use is what the code does;
    positional arguments are accepted in field order, as the dataclass accepts them."""
    fields = [f for f in dataclasses.fields(cls) if f.init]
    names = tuple(f.name for f in fields)
    known = frozenset(names)
    defaults: list[tuple[str, Any, Callable[[], Any] | None]] = [
        (
            f.name,
            f.default,
            None if f.default_factory is _MISSING else f.default_factory,
        )
        for f in fields
    ]
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} has __post_init__; its fast __init__ would skip it")

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if len(args) > len(names):
            raise TypeError(f"{cls.__name__}() takes {len(names)} arguments, {len(args)} given")
        state = self.__dict__
        if args:
            for name, value in zip(names, args, strict=False):
                if name in kwargs:
                    raise TypeError(f"{cls.__name__}() got multiple values for {name!r}")
                state[name] = value
        for name, default, factory in defaults[len(args) :]:
            if name in kwargs:
                state[name] = kwargs[name]
            elif factory is not None:
                state[name] = factory()
            elif default is not _MISSING:
                state[name] = default
            else:
                raise TypeError(f"{cls.__name__}() missing required argument: {name!r}")
        if len(kwargs) > len(names) - len(args) or not known.issuperset(kwargs):
            unknown = sorted(set(kwargs) - known)
            raise TypeError(f"{cls.__name__}() got unexpected arguments: {unknown}")

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    __init__.__doc__ = cls.__init__.__doc__
    return __init__
