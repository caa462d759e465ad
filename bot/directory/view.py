"""How a listing reads: to its owner (every field, with who sees it) and to a seeker.

One function decides what is public (`public_facts`), and both the owner's view and the
search results use it, so "who can see this" printed to the owner is what a seeker gets.
The ask budget's number is the owner's alone: others learn only whether there is room.
"""

from __future__ import annotations

from datetime import datetime

from bot import mentions
from bot.domain import Profile
from bot.reply import Reply, Section
from bot.timeparse import format_local

PUBLIC = "Members of this workspace who search the directory see"
PRIVATE = "Only you see"


def has_room(profile: Profile, requests_this_month: int) -> bool:
    return profile.ask_budget - requests_this_month > 0


def _school(profile: Profile) -> str:
    if not profile.school:
        return ""
    return f"{profile.school} ({profile.class_year})" if profile.class_year else profile.school


def _how(profile: Profile) -> str:
    parts = [profile.chat_medium] if profile.chat_medium else []
    if profile.chat_minutes:
        parts.append(f"{profile.chat_minutes} min")
    return ", ".join(parts)


def public_facts(profile: Profile, requests_this_month: int = 0) -> list[tuple[str, str]]:
    """(label, value) pairs anyone searching the directory may see; empty ones left out."""
    facts = [
        ("Role", ", ".join(profile.roles)),
        ("Industry", ", ".join(profile.industries)),
        ("Company", profile.company),
        ("Path", ", ".join(profile.path_tags)),
        ("School", _school(profile)),
        ("Happy to talk about", ", ".join(profile.topics)),
        ("Languages", ", ".join(profile.languages)),
        ("Time zone", profile.timezone),
        ("Prefers", _how(profile)),
        (
            "Room for requests this month",
            "yes" if has_room(profile, requests_this_month) else "no room this month",
        ),
    ]
    return [(label, value) for label, value in facts if value]


def listing_reply(profile: Profile, *, now: datetime) -> Reply:
    """The owner's own listing: each field under who can see it."""
    private = [f"Requests a month you accept: {profile.ask_budget}"]
    paused = profile.listing_paused_until
    if paused is not None and paused > now:
        when = "until you resume" if paused.year >= 9999 else format_local(paused, profile.timezone)
        private.append(f"Paused (hidden from searches): {when}")
    private.append(
        "Mentor matching: "
        + ("you're in it too (separate consent)" if profile.in_matching else "not joined")
    )
    return Reply(
        title="Your directory listing",
        sections=(
            Section(PUBLIC, tuple(f"{label}: {value}" for label, value in public_facts(profile))),
            Section(PRIVATE, tuple(private)),
        ),
        footer="Change a field with `people join <field>:<value>`; `people leave` deletes it.",
    )


def card(profile: Profile, requests_this_month: int) -> str:
    """One line about a member for a seeker: a mention, then public facts only."""
    facts = dict(public_facts(profile, requests_this_month))
    head = " at ".join(v for v in (facts.get("Role", ""), facts.get("Company", "")) if v)
    parts = [head] if head else []
    for label in ("Industry", "School", "Prefers", "Time zone"):
        if facts.get(label):
            parts.append(facts[label])
    line = f"{mentions.member(profile.user_id)}"
    if parts:
        line += " — " + " · ".join(parts)
    if not has_room(profile, requests_this_month):
        line += " (no room this month)"
    return line
