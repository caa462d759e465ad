"""The `inroads` command line: run, console, migrate."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from adapters import places
from adapters.ops.startup import DatabaseUnavailable
from adapters.settings import Settings, SettingsError, load_settings
from adapters.testclock import FileClockError

log = logging.getLogger("inroads")

CONSOLE_HELP = """\
Talk to Inroads in this terminal. Type help at the prompt for every command.

Where things live (nothing leaves this computer):
  journal   {journal}
            (INROADS_DATABASE_URL chooses another, e.g. sqlite:////path/to/inroads.sqlite3)
  files     charts, exports and calendar files are saved in {files} (--files DIR)
  log       {log} (--log-stderr, or INROADS_LOG_FILE=- or =PATH)

Several people can share one journal: each runs the console with their own --user and
sees only their own entries and reminders. A new user starts in this computer's time
zone; change it with: checkin settings timezone:Europe/Paris
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inroads",
        description="Inroads: informational interviews, made a habit.",
        epilog="On your own computer: inroads console --user NAME (each name keeps its own "
        "journal entries and reminders). `inroads console --help` says where your journal, "
        "files and log live.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser(
        "run", help="migrate, then start every adapter configured (console if none)"
    )
    console = sub.add_parser(
        "console",
        help="talk to the bot in this terminal",
        description=CONSOLE_HELP.format(
            journal=places.journal_location(places.default_database_url()),
            files=places.default_files_dir(),
            log=places.default_log_file(),
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    console.add_argument(
        "--user",
        metavar="NAME",
        help="whose journal this is: each name has its own entries, reminders and settings "
        "(default: INROADS_CONSOLE_USER, else your login name)",
    )
    for command in (run, console):
        command.add_argument(
            "--files",
            metavar="DIR",
            type=Path,
            help="folder for charts, exports and calendar files "
            "(default: INROADS_FILES_DIR, else files/ in your data directory)",
        )
        command.add_argument(
            "--log-stderr",
            action="store_true",
            help="log to the terminal instead of the log file (same as INROADS_LOG_FILE=-)",
        )
    sub.add_parser("migrate", help="apply database migrations and exit")
    sync = sub.add_parser(
        "discord-sync",
        help="upload the Discord slash commands (to DISCORD_TEST_GUILD_ID, else globally)",
    )
    where = sync.add_mutually_exclusive_group()
    where.add_argument("--guild", type=int, help="sync to this guild only (instant; for testing)")
    where.add_argument(
        "--global",
        dest="everywhere",
        action="store_true",
        help="sync globally even if DISCORD_TEST_GUILD_ID is set",
    )
    sub.add_parser("doctor", help="check settings, database and platform tokens; say what to fix")
    return parser


def _log_path(settings: Settings, *, console: bool, log_stderr: bool) -> Path | None:
    """A file when the console is the interface (log lines would land among its answers)
    or when INROADS_LOG_FILE names one; stderr (None) otherwise, as servers expect."""
    if log_stderr or settings.log_file == "-":
        return None
    if settings.log_file:
        return Path(settings.log_file).expanduser()
    return places.default_log_file() if console else None


def _configure_logging(settings: Settings, path: Path | None) -> Path | None:
    """Set up logging; returns the file it writes to (None: stderr)."""
    from adapters.ops.logs import configure_logging, settings_secrets

    secrets = settings_secrets(settings)
    try:
        configure_logging(settings.log_level, settings.log_format, secrets=secrets, path=path)
    except OSError as exc:
        configure_logging(settings.log_level, settings.log_format, secrets=secrets)
        log.warning("cannot write the log file %s (%s); logging here instead", path, exc)
        return None
    return path


async def _migrate(settings: Settings) -> None:
    from adapters.ops.startup import wait_for_database
    from storage.engine import create_engine
    from storage.migrate import upgrade

    places.ensure_parent(settings.database_url)
    engine = create_engine(settings.database_url)
    try:
        await wait_for_database(
            engine,
            attempts=settings.db_connect_attempts,
            max_delay=settings.db_retry_max_seconds,
        )
        await upgrade(engine)
    finally:
        await engine.dispose()
    print("Database is up to date.")


def _machine_zone(settings: Settings) -> str | None:
    """This computer's IANA zone for new console users, unless the admin chose a default."""
    if "default_timezone" in settings.model_fields_set:
        return None
    from zoneinfo import ZoneInfo

    import tzlocal

    try:
        name = tzlocal.get_localzone_name()
        if name:
            ZoneInfo(name)
    except Exception:
        log.warning("could not tell this computer's time zone; new users start in UTC")
        return None
    return name or None


async def _serve(
    settings: Settings,
    *,
    console_user: str | None,
    force_console: bool,
    files_dir: Path | None = None,
) -> None:
    """Compose the app and run every connector its settings call for (the console when
    none is configured, or when asked for), then the scheduler and the HTTP server."""
    from adapters.connectors import RunContext, RunOptions, build, chosen, discover
    from adapters.console.repl import console_actor
    from adapters.http.server import HttpComponent
    from adapters.ops.health import ops_routes
    from adapters.runtime import Component, build_app, serve

    specs = chosen(settings, discover(), only="console" if force_console else None)
    console = any(spec.fallback for spec in specs)
    places.ensure_parent(settings.database_url)
    # A console delivers its own user's reminders only; other people's wait for theirs.
    only = console_actor(console_user) if console else None
    app = await build_app(settings, deliver_only_to=only)
    stop = asyncio.Event()
    # Built first so connectors can add their routes; started LAST (so stopped first).
    http = HttpComponent(app.settings)
    http.add_routes(ops_routes(app.parts))
    options = RunOptions(
        console_user=console_user,
        files_dir=files_dir,
        journal=places.journal_location(settings.database_url),
        data_dir=places.data_dir(),
        machine_zone=_machine_zone(settings) if console else None,
    )
    if console and not force_console:
        log.info("No platform is configured: starting the console.")
    context = RunContext(app.parts, http, stop, options)
    components: list[Component] = [await build(spec, context) for spec in specs]
    if app.scheduler is not None:
        # After the connectors (their notifiers are registered), before HTTP (stops first).
        app.health.add_check("scheduler", app.scheduler.health_reason)
        components.append(app.scheduler)
    # Health and metrics always run with a platform; a console-only run binds a port only
    # when INROADS_HTTP_PORT is set explicitly (a laptop user shouldn't find port 3000 taken).
    if not console or "http_port" in settings.model_fields_set:
        components.append(http)
    await serve(app, components, stop)


async def _discord_sync(settings: Settings, guild: int | None, everywhere: bool) -> None:
    """Upload the command tree; a test guild sees changes at once, global takes a while."""
    from adapters.discord.component import discord_sync, summary
    from adapters.runtime import build_app

    guild_id = None if everywhere else (guild or settings.discord_test_guild_id)
    app = await build_app(settings, migrate=False)
    try:
        names = await discord_sync(settings, app.dispatcher, app.services, guild_id=guild_id)
    finally:
        await app.close()
    print(summary(names, guild_id))


def _falls_back(settings: Settings) -> bool:
    """Whether `inroads run` would start the fallback (the console): no platform set."""
    from adapters.connectors import chosen, discover

    return any(spec.fallback for spec in chosen(settings, discover()))


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"inroads: {exc}", file=sys.stderr)
        return 2
    console = args.command == "console" or (args.command == "run" and _falls_back(settings))
    wanted = _log_path(settings, console=console, log_stderr=getattr(args, "log_stderr", False))
    log_file = _configure_logging(settings, wanted)
    if console and "database_url" not in settings.model_fields_set:
        note = places.old_journal_note(settings.database_url)
        if note:
            print(note, file=sys.stderr)
    files = getattr(args, "files", None)
    try:
        if args.command == "migrate":
            asyncio.run(_migrate(settings))
        elif args.command == "doctor":
            from adapters.ops.doctor import doctor

            return asyncio.run(doctor(settings))
        elif args.command == "discord-sync":
            asyncio.run(_discord_sync(settings, args.guild, args.everywhere))
        elif args.command == "console":
            asyncio.run(
                _serve(settings, console_user=args.user, force_console=True, files_dir=files)
            )
        else:
            asyncio.run(_serve(settings, console_user=None, force_console=False, files_dir=files))
    except (SettingsError, FileClockError) as exc:
        print(f"inroads: {exc}", file=sys.stderr)
        return 2
    except DatabaseUnavailable as exc:
        log.error("%s", exc)
        if log_file is not None:  # the log is a file: say it here too
            print(f"inroads: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
