"""The documents written from the command schema: the Slack manifest's slash commands and the
README's command table.

Both are kept in the repository (the manifest is pasted into Slack by hand, the README is
read on the web), so they cannot be built at run time; instead this module writes them
and tests/unit/test_command_schema.py fails when either has drifted from the specs.
Regenerate after adding or changing a command:

    python -m adapters.surface          # rewrite both in place
    python -m adapters.surface --check  # exit 1 and name what is stale (what the test does)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from adapters.slack.component import EVENTS_PATH
from bot.commands import AnySpec
from bot.registry import all_specs
from bot.schema import groups_for

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "deploy" / "slack-manifest.yml"
README = ROOT / "README.md"
#: The host the manifest's comment tells people to replace with their own.
EXAMPLE_URL = "https://inroads.example.com"
TABLE_START = "<!-- commands: written by `python -m adapters.surface`; edit the specs -->"
TABLE_END = "<!-- end of commands -->"
SLASH_START = "  slash_commands:\n"
SLASH_END = "oauth_config:\n"


def slash_commands(specs: Sequence[AnySpec]) -> str:
    """The manifest's `slash_commands:` entries, one per command group."""
    lines: list[str] = []
    for group in groups_for(spec.path for spec in specs):
        lines += [
            f"    - command: /{group.name}",
            f"      url: {EXAMPLE_URL}{EVENTS_PATH}",
            f"      description: {group.description}",
            f"      usage_hint: {group.hint}",
            "      should_escape: true",
        ]
    return "\n".join(lines) + "\n"


def command_table(specs: Sequence[AnySpec]) -> str:
    """The README's table: every command in help order, its summary and its example."""
    rows = ["| command | what it does | example |", "|---|---|---|"]
    rows += [f"| `/{s.name}` | {_cell(s.summary)} | `/{_cell(s.example)}` |" for s in specs]
    return "\n".join(rows) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")  # a bare | would end the table cell


def _between(text: str, start: str, end: str, body: str, what: str) -> str:
    head, found, rest = text.partition(start)
    if not found or end not in rest:
        raise ValueError(f"{what}: the markers {start.strip()!r} … {end.strip()!r} are missing")
    return head + start + body + end + rest.partition(end)[2]


def manifest_text(current: str, specs: Sequence[AnySpec]) -> str:
    return _between(current, SLASH_START, SLASH_END, slash_commands(specs), "manifest")


def readme_text(current: str, specs: Sequence[AnySpec]) -> str:
    table = "\n" + command_table(specs) + "\n"  # blank lines: the table is its own block
    return _between(current, TABLE_START + "\n", TABLE_END, table, "README")


def stale(specs: Sequence[AnySpec]) -> list[Path]:
    """The documents whose generated part differs from what the specs say."""
    out: list[Path] = []
    for path, render in ((MANIFEST, manifest_text), (README, readme_text)):
        current = path.read_text()
        if render(current, specs) != current:
            out.append(path)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale documents")
    args = parser.parse_args(argv)
    specs = all_specs()
    if args.check:
        old = stale(specs)
        for path in old:
            print(f"{path.relative_to(ROOT)} is stale: run python -m adapters.surface")
        return 1 if old else 0
    MANIFEST.write_text(manifest_text(MANIFEST.read_text(), specs))
    README.write_text(readme_text(README.read_text(), specs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
