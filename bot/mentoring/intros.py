"""What people receive when a round is sent: the introduction, and the "not this time".

The question pack is Inroads' own short list (not the `questions` feature's bank: an
intro must render without a database round-trip per pair), tailored by what the pair
shares. The how-to is the etiquette that makes mentoring chats work: short, prepared,
thanked.
"""

from __future__ import annotations

from datetime import datetime

from bot import mentions
from bot.domain import Match, Profile
from bot.mentoring.profile_view import public_fields
from bot.reply import Action, Reply, Section, Target, TargetKind
from bot.timeparse import format_local

HOW_TO = (
    "Seeker: suggest two or three times for a 20–30 minute call within the next week.",
    "Come with a few questions and one thing you'd like help deciding.",
    "Mentor: share the path, not just the advice: what you'd do again and what you wouldn't.",
    "Seeker: send a short thank-you within 24 hours naming one thing that helped.",
)

_GENERAL = (
    "What does a normal week look like in your role, and what surprised you about it?",
    "Which skills mattered more than you expected once you were in the job?",
    "If you were starting again today, what would you do in your first six months?",
    "What do people misunderstand about this work from the outside?",
)


def question_pack(mentor: Profile, seeker: Profile) -> tuple[str, ...]:
    """Four to six questions: a few about what they share, then general ones."""
    lines: list[str] = []
    industry = next((i for i in seeker.industries if i in mentor.industries), "")
    role = next((r for r in seeker.roles if r in mentor.roles), "")
    topic = next((t for t in seeker.topics if t in mentor.topics), "")
    if industry:
        lines.append(f"How is {industry} changing, and where are the good entry points now?")
    if role:
        lines.append(f"How did you become a {role}, and what would you look for in one today?")
    if topic:
        lines.append(f"What's one thing about {topic} you wish someone had told you earlier?")
    if seeker.learning_goal:
        lines.append("Given what I want to learn, who else should I talk to?")
    lines.extend(_GENERAL[: max(0, 6 - len(lines))])
    return tuple(lines[:6])


def _profile_lines(profile: Profile) -> tuple[str, ...]:
    return tuple(f"{f.label}: {f.value}" for f in public_fields(profile) if f.label != "Role")


def intro_reply(match: Match, mentor: Profile, seeker: Profile) -> Reply:
    mid = match.number
    expects = Target.of(TargetKind.MATCH, mid)
    mentor_ref, seeker_ref = mentions.member(match.mentor_id), mentions.member(match.seeker_id)
    return Reply(
        title="You've been matched for a mentoring chat",
        text=(
            f"{mentor_ref} (mentor), meet {seeker_ref} (seeker). "
            "You were matched because of what you have in common: " + "; ".join(match.reasons) + "."
        ),
        sections=(
            Section(f"Mentor: {mentor_ref}", _profile_lines(mentor)),
            Section(f"Seeker: {seeker_ref}", _profile_lines(seeker)),
            Section("Questions to start with", question_pack(mentor, seeker)),
            Section("How to make it count", HOW_TO),
        ),
        actions=(
            Action("We met", f"mentor met {mid} yes", "primary", target=expects),
            Action("Not yet", f"mentor met {mid} no", target=expects),
        ),
        footer=f"Match #{mid} · I'll check in with you both in a few days.",
        ephemeral=False,
    )


def unmatched_reply(seeker: Profile, *, reason: str, next_round: datetime) -> Reply:
    return Reply(
        title="No mentor match this round",
        text=(
            f"{reason} You'll get priority next round, planned around "
            f"{format_local(next_round, seeker.timezone)}."
        ),
        sections=(
            Section(
                "Meanwhile",
                (
                    "Broaden your profile: more industries, roles or topics mean more mentors "
                    'who fit (`mentor join topics:"..."`).',
                    "Plan an informational interview on your own: `interview plan`.",
                ),
            ),
        ),
        ephemeral=False,
    )


def unmatched_reason(seeker: Profile) -> str:
    if not (seeker.industries or seeker.roles or seeker.topics):
        return "Your profile lists no industries, roles or topics, so no mentor could fit."
    return (
        "No available mentor who shares your industries, roles or topics (within the "
        "group's time-zone range) had room this round."
    )
