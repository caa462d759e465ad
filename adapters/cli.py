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


async def _console(settings: Settings, user: str | None) -> None:
    from adapters.console.notifier import ConsoleNotifier
    from adapters.console.repl import console_actor, run_console
    from adapters.runtime import build_app

    app = await build_app(settings, notifier=ConsoleNotifier())
    try:
        await run_console(app.dispatcher, console_actor(user))
    finally:
        await app.close()


async def _run(settings: Settings) -> None:
    if settings.console_only:
        log.info("No Slack or Discord token set: starting the console.")
        await _console(settings, None)
        return
    raise SettingsError("Slack and Discord adapters are not available in this build yet.")


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
            asyncio.run(_console(settings, args.user))
        else:
            asyncio.run(_run(settings))
    except SettingsError as exc:
        print(f"inroads: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
