"""One saved goal per person, whichever command they said it in.

Why: a person says what they are after in several places: a question pack
(`questions goal:`), who to approach (`outreach who goal:`), a mentoring profile
(`mentor seek goal:`). Only the question pack used to keep it, so a bakery owner who
joined mentoring to research her market still got an outreach draft asking about
someone's "first years after graduating". The goal they last gave is now what the packs
and drafts that follow speak for.
"""

from __future__ import annotations

from bot.domain import UserSettings
from bot.ports import UnitOfWork

#: What the reply says when a goal was saved.
GOAL_SAVED = "Saved as your goal; question packs and outreach drafts use it until you change it."


async def remember_goal(uow: UnitOfWork, prefs: UserSettings, goal_key: str | None) -> bool:
    """Save `goal_key` (a key of bot.questions.vocab.GOALS) as the person's goal when
    it differs from the saved one; True when saved. The caller commits."""
    if not goal_key or goal_key == prefs.goal:
        return False
    prefs.goal = goal_key
    await uow.settings.save(prefs)
    return True
