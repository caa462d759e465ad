"""How a mentoring profile reads, to its owner and to the rest of the group.

Split from profiles.py (the `mentor join|seek|profile|pause|leave` commands) because the
matching rounds, the admin figures and the introductions read profiles too: they need
the role tests and the public fields, not the commands. Another member sees only the
public fields (role, interests, languages, time zone, bio, what a seeker wants to
learn); pause dates, capacity, goals, team and the do-not-match list are shown to the
owner alone.
"""

from __future__ import annotations

from datetime import datetime

from bot import mentions
from bot.domain import Profile, ProfileRole
from bot.questions.vocab import GOALS_BY_KEY
from bot.reply import Field, Reply
from bot.timeparse import format_local


def is_mentor(profile: Profile) -> bool:
    return profile.role in (ProfileRole.MENTOR.value, ProfileRole.BOTH.value)


def is_seeker(profile: Profile) -> bool:
    return profile.role in (ProfileRole.SEEKER.value, ProfileRole.BOTH.value)


def public_fields(profile: Profile) -> list[Field]:
    """What any member of the group may see of a profile."""
    fields = [Field("Role", profile.role)]
    for label, items in (
        ("Industries", profile.industries),
        ("Roles", profile.roles),
        ("Topics", profile.topics),
        ("Languages", profile.languages),
    ):
        if items:
            fields.append(Field(label, ", ".join(items)))
    fields.append(Field("Time zone", profile.timezone))
    if profile.bio:
        fields.append(Field("Bio", profile.bio))
    if is_seeker(profile) and profile.learning_goal:
        fields.append(Field("Wants to learn", profile.learning_goal))
    return fields


def profile_reply(profile: Profile, *, own: bool, now: datetime) -> Reply:
    fields = public_fields(profile)
    if own:
        if is_mentor(profile):
            fields.append(Field("Capacity per round", str(profile.capacity)))
        if profile.goal:
            known = GOALS_BY_KEY.get(profile.goal)
            fields.append(Field("Goal", known.label if known else profile.goal))
        # The matching rules the member set: theirs alone, never shown to anyone else.
        if profile.team:
            fields.append(Field("Team (never paired with teammates)", profile.team))
        if profile.avoid_ids:
            avoided = ", ".join(mentions.member(m) for m in profile.avoid_ids)
            fields.append(Field("Never matched with (only you see this)", avoided))
        if profile.skip_next_round:
            fields.append(Field("Next round", "skipping (you said so in the poll)"))
        if profile.paused_until is not None and profile.paused_until > now:
            fields.append(
                Field("Paused until", format_local(profile.paused_until, profile.timezone))
            )
        return Reply(title="Your mentoring profile", fields=tuple(fields))
    # A title is plain text on both platforms (no mentions there): the name goes in the text.
    return Reply(
        title="Mentoring profile",
        text=f"{mentions.member(profile.user_id)}'s mentoring profile, as the group sees it.",
        fields=tuple(fields),
    )
