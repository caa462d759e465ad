"""Errors the core turns into friendly replies (never a stack trace for the user)."""

from __future__ import annotations


class UsageError(Exception):
    """The input cannot be used as given. Carries what went wrong and what would work."""

    def __init__(self, problem: str, *, example: str = "", hint: str = "") -> None:
        super().__init__(problem)
        self.problem = problem
        self.example = example
        self.hint = hint


class NotFoundError(UsageError):
    """The thing named does not exist *for this person* (we never say whose it is)."""
