"""The console's entry in the connector registry (`adapters/connectors.py`): the
fallback, started when no platform is configured, and the only one `inroads console`
starts."""

from __future__ import annotations

from adapters import places
from adapters.connectors import Connector, ConnectorSpec, RunContext, register
from adapters.settings import Settings


def _configured(settings: Settings) -> bool:
    return False  # never chosen for its settings: it is the fallback


def _build(context: RunContext) -> Connector:
    from adapters.console.component import ConsoleComponent

    options = context.options
    parts = context.parts
    files = options.files_dir or parts.settings.files_dir or places.default_files_dir()
    return ConsoleComponent(
        parts.commands,
        parts.notifiers,
        context.stop,
        options.console_user,
        files_dir=files.expanduser().resolve(),
        journal=options.journal,
        data_dir=options.data_dir,
        machine_zone=options.machine_zone,
    )


SPEC = register(
    ConnectorSpec(name="console", configured=_configured, build=_build, fallback=True, order=20)
)
