"""The registry of platform connectors `inroads run` starts (the contract: `Connector`).

Why: `inroads run` used to choose platforms with an if-chain naming each one, so adding a
platform meant editing the command line, the runtime and every place that knew the list.
Now each platform package under `adapters/` has a `connector` module that calls
:func:`register` with a :class:`ConnectorSpec` (its name, whether its settings are present,
and how to build it from a :class:`RunContext`). :func:`discover` imports those modules,
so a new platform is one new folder; `inroads run` starts every configured connector, or
the fallback (the console) when none is. A `build` gets the composition root's
:class:`~adapters.contract.Parts` and hands its component only those it uses.

A spec's module must stay light: its ``build`` imports the platform's SDK lazily, so
asking which platforms are configured never loads Slack's or Discord's library.
The contract itself (`Connector`) is in `adapters/contract.py`, so the runtime starts
connectors without knowing this registry.
Modelled on opsdroid's connector base and errbot's backends, without their flaws: the
connector does not inherit the core, and no raw payload crosses into `bot/`.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import inspect
import pkgutil
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from adapters.contract import Connector, Parts
from adapters.settings import Settings

if TYPE_CHECKING:
    from adapters.http.server import HttpComponent

__all__ = [
    "Connector",
    "ConnectorSpec",
    "Parts",
    "RunContext",
    "RunOptions",
    "build",
    "chosen",
    "discover",
    "register",
    "unregister",
]

#: The module each platform package provides to register its connector.
CONNECTOR_MODULE = "connector"


@dataclass(frozen=True)
class RunOptions:
    """What the command line knows that a connector may need (the console's user and
    folders); platforms that read only settings ignore it."""

    console_user: str | None = None
    files_dir: Path | None = None
    journal: str = ""
    data_dir: Path | None = None
    machine_zone: str | None = None


@dataclass
class RunContext:
    """What a connector is built from: the composition root's parts, the shared HTTP
    server (to add routes), the event that ends the run (a connector that finishes on its
    own sets it), and the command line's options."""

    parts: Parts
    http: HttpComponent | None
    stop: asyncio.Event
    options: RunOptions = field(default_factory=RunOptions)


@dataclass(frozen=True)
class ConnectorSpec:
    """A platform's entry in the registry.

    `configured` says whether its settings are present; `fallback` marks the connector
    started when no other one is configured (the console); `order` sorts start-up (lower
    first; stop runs in reverse)."""

    name: str
    configured: Callable[[Settings], bool]
    build: Callable[[RunContext], Connector | Awaitable[Connector]]
    fallback: bool = False
    order: int = 50


_REGISTRY: dict[str, ConnectorSpec] = {}


def register(spec: ConnectorSpec) -> ConnectorSpec:
    """Add (or replace, by name) a connector; returns it so a module can keep it."""
    _REGISTRY[spec.name] = spec
    return spec


def unregister(name: str) -> None:
    """Remove a connector (tests that register their own)."""
    _REGISTRY.pop(name, None)


def discover() -> list[ConnectorSpec]:
    """Import every `adapters/<platform>/connector.py`, then list the registry by order."""
    import adapters

    for module in pkgutil.iter_modules(adapters.__path__):
        if not module.ispkg:
            continue
        name = f"adapters.{module.name}.{CONNECTOR_MODULE}"
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)
    return sorted(_REGISTRY.values(), key=lambda spec: (spec.order, spec.name))


def chosen(
    settings: Settings, specs: Iterable[ConnectorSpec], *, only: str | None = None
) -> list[ConnectorSpec]:
    """The connectors to start: `only` by name, else every configured one, else the
    fallback."""
    every = list(specs)
    if only is not None:
        return [spec for spec in every if spec.name == only]
    configured = [spec for spec in every if not spec.fallback and spec.configured(settings)]
    return configured or [spec for spec in every if spec.fallback]


async def build(spec: ConnectorSpec, context: RunContext) -> Connector:
    """Build one connector (its build may be sync or async)."""
    made = spec.build(context)
    if inspect.isawaitable(made):
        return await made
    return made
