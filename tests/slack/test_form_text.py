"""What someone types in a form is stored exactly as typed, quotes of every kind included."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from sqlalchemy import select

from storage import tables
from tests.slack.conftest import SlackHarness, form_headers
from tests.slack.test_modals import open_log_form, submission

NOTES = """She said "ship it", it's “done” and ‘final’ — «really»"""


async def test_a_form_field_keeps_every_quote(slack: SlackHarness) -> None:
    view = await open_log_form(slack)
    values = {
        "f_contact": {"type": "plain_text_input", "value": 'Ann "Nan" O’Neil'},
        "f_notes": {"type": "plain_text_input", "value": NOTES},
    }
    body = urlencode({"payload": json.dumps(submission(view, values))})
    assert (await slack.dispatch(body, form_headers(body))).status == 200
    await slack.fake.wait_for("chat.postMessage")
    async with slack.app.engine.connect() as connection:
        notes = await connection.scalar(select(tables.interviews.c.notes))
        name = await connection.scalar(select(tables.contacts.c.name))
    assert notes == NOTES
    assert name == 'Ann "Nan" O’Neil'
