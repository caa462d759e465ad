"""Which formats an outreach draft comes in, and the words people type for them
("thanks" is the thank-you, "note" the LinkedIn-style connection note). Kept apart from
the drafting itself (bot.outreach.templates) so the command schema can name the formats
without loading the writer."""

from __future__ import annotations

LINKEDIN_LIMIT = 300
FORMATS = (
    "email",
    "linkedin",
    "alumni",
    "follow-up",
    "thank-you",
    "update",
    "congrats",
    "article",
    "reconnect",
)
FORMAT_ALIASES = {
    "email": "email",
    "mail": "email",
    "linkedin": "linkedin",
    "note": "linkedin",
    "connection": "linkedin",
    "alumni": "alumni",
    "alum": "alumni",
    "follow-up": "follow-up",
    "followup": "follow-up",
    "nudge": "follow-up",
    "thank-you": "thank-you",
    "thankyou": "thank-you",
    "thanks": "thank-you",
    "update": "update",
    "congrats": "congrats",
    "congratulations": "congrats",
    "article": "article",
    "share": "article",
    "reconnect": "reconnect",
    "hello": "reconnect",
}
