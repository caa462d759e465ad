"""The core builds no platform mention: people are mentioned through `bot.mentions`
tokens that each connector renders (Slack `<@U…>`, Discord `<@1…>`, the console a name).

The only exception is the parser's own syntax, written in one place
(`bot.grammar.member_argument`) for command lines the core puts into buttons: input, never
shown as a mention. Docstrings may describe mentions; code may not build them.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import bot

#: Platform codes that mention (`<@U1>`) or broadcast (`<!here>`) when a platform shows
#: them; a regex's negative lookbehind `(?<!` is neither.
CODES = re.compile(r"(?<!\(\?)<[@!]")
#: Where platform syntax is parsed (input) rather than built.
PARSERS = {"grammar.py", "channels.py"}


def _docstrings(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _builds(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), str(path))
    skip = _docstrings(tree)
    hits = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skip
            and CODES.search(node.value)
        ):
            hits.append(f"{path.name}:{node.lineno}: {node.value[:40]!r}")
    return hits


def test_the_core_builds_no_platform_mention() -> None:
    root = Path(bot.__file__).parent
    hits = [
        hit
        for path in sorted(root.rglob("*.py"))
        if path.name not in PARSERS
        for hit in _builds(path)
    ]
    assert hits == []


def test_the_check_would_see_one() -> None:
    sample = Path(__file__).with_name("_mention_sample.py")
    sample.write_text('x = f"<@{1}>"\n')
    try:
        assert _builds(sample)
    finally:
        sample.unlink()
