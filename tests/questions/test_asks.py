"""One list of job asks and sales pitches, read at two strengths (bot/asks.py)."""

from __future__ import annotations

import pytest

from bot.asks import job_ask, sales_pitch
from bot.questions.coach import review


@pytest.mark.parametrize(
    "question",
    [
        "How do small producers usually get a listing with a chain like yours?",
        "How is hiring for analysts changing this year?",
        "What makes a supplier contract work well for both sides?",
    ],
)
def test_research_questions_that_share_words_with_an_ask_are_fair(question: str) -> None:
    assert job_ask(question, by_writer=False) is None
    assert sales_pitch(question, by_writer=False) is None
    assert not [a for a in review(question) if a.kind in ("job-ask", "pitch")]


@pytest.mark.parametrize(
    ("reason", "is_job", "is_sale"),
    [
        ("I'm looking for a job in data and saw your team is hiring", True, False),
        ("I want to get a listing for our sourdough at FreshMart", False, True),
        ("Would you stock our bread if I sent samples?", False, True),
        ("Could you refer me for the analyst opening?", True, False),
        ("Your talk on shelf space changed how I price my loaves", False, False),
    ],
)
def test_a_writer_describing_their_own_request_is_read_strictly(
    reason: str, is_job: bool, is_sale: bool
) -> None:
    assert (job_ask(reason) is not None) is is_job
    assert (sales_pitch(reason) is not None) is is_sale


def test_direct_asks_are_flagged_in_questions_too() -> None:
    assert {a.kind for a in review("Are you hiring, and could you refer me?")} >= {"job-ask"}
    assert {a.kind for a in review("Would you stock our granola next season?")} >= {"pitch"}
