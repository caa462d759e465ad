"""The `inroads` command line: run, console, migrate."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence

from adapters.settings import Settings, SettingsError, load_settings

log = logging.getLogger("inroads")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inroads", description="Inroads: informational interviews, made a habit."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="migrate, then start every adapter configured (console if none)")
    console = sub.add_parser("console", help="talk to the bot in this terminal")
    console.add_argument("--user", help="who you are in the console (default: your login)")
    sub.add_parser("migrate", help="apply database migrations and exit")
    return parser


def _configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)


async def _migrate(settings: Settings) -> None:
    from storage.engine import create_engine
    from storage.migrate import upgrade

    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()
    print("Database is up to date.")


async def _serve(settings: Settings, *, console_user: str | None, force_console: bool) -> None:
    """Compose the app and run every component its settings call for."""
    from adapters.console.component import ConsoleComponent
    from adapters.runtime import Component, build_app, serve

    app = await build_app(settings)
    stop = asyncio.Event()
    components: list[Component] = []
    if force_console or settings.console_only:
        if not force_console:
            log.info("No Slack or Discord token set: starting the console.")
        components.append(ConsoleComponent(app, stop, console_user))
    await serve(app, components, stop)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"inroads: {exc}", file=sys.stderr)
        return 2
    _configure_logging(settings)
    try:
        if args.command == "migrate":
            asyncio.run(_migrate(settings))
        elif args.command == "console":
            asyncio.run(_serve(settings, console_user=args.user, force_console=True))
        else:
            asyncio.run(_serve(settings, console_user=None, force_console=False))
    except SettingsError as exc:
        print(f"inroads: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
