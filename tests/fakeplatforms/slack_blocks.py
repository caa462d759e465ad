"""Slack's Block Kit limits (from specs/README.md), as every fake Slack checks them.

A fake that accepted blocks Slack refuses would let a test pass where production fails,
so the limits live once here, for the Web API fake and for `response_url` answers.
"""

from __future__ import annotations

from typing import Any


def text_of(obj: Any) -> str:
    """The text of a text object (or of a bare string)."""
    return str(obj.get("text", "")) if isinstance(obj, dict) else str(obj or "")


def block_problems(blocks: Any, surface: str) -> list[str]:
    """Block Kit limits from specs/README.md; an empty list means Slack would accept it."""
    if not isinstance(blocks, list):
        return ["blocks must be an array"]
    problems: list[str] = []
    limit = 50 if surface == "message" else 100
    if len(blocks) > limit:
        problems.append(f"{len(blocks)} blocks > {limit}")
    action_ids: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if len(str(block.get("block_id", ""))) > 255:
            problems.append("block_id > 255")
        if kind == "section":
            if "text" not in block and "fields" not in block:
                problems.append("section without text or fields")
            if len(text_of(block.get("text"))) > 3000:
                problems.append("section text > 3000")
            fields = block.get("fields", [])
            if len(fields) > 10 or any(len(text_of(f)) > 2000 for f in fields):
                problems.append("section fields over limit")
        elif kind == "header":
            if len(text_of(block.get("text"))) > 150:
                problems.append("header text > 150")
        elif kind == "actions":
            elements = block.get("elements", [])
            if not elements or len(elements) > 25:
                problems.append("actions block needs 1..25 elements")
            for element in elements:
                action_ids.append(str(element.get("action_id", "")))
                if element.get("type") == "button":
                    if len(text_of(element.get("text"))) > 75:
                        problems.append("button text > 75")
                    if len(str(element.get("value", ""))) > 2000:
                        problems.append("button value > 2000")
        elif kind == "context":
            if not 1 <= len(block.get("elements", [])) <= 10:
                problems.append("context needs 1..10 elements")
        elif kind == "input":
            if surface != "modal":
                problems.append("input blocks belong in modals")
            action_ids.append(f"{block.get('block_id')}/{block['element'].get('action_id')}")
        elif kind not in {"divider", "image"}:
            problems.append(f"unknown block type {kind!r}")
    if any(len(a) > 255 for a in action_ids):
        problems.append("action_id > 255")
    if len(action_ids) != len(set(action_ids)):
        problems.append("duplicate action_id")
    return problems
