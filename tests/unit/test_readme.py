"""The README's command table names every command the bot understands."""

from __future__ import annotations

from pathlib import Path

from bot.registry import all_specs

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_lists_every_command_with_its_example() -> None:
    text = README.read_text()
    for spec in all_specs():
        assert f"| `/{spec.name}` |" in text, spec.name
        assert spec.example.replace("|", "\\|") in text, spec.name
    assert "make run" in text
    assert "make test" in text
