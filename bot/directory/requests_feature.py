"""The `people` commands for conversation requests and the admins' community view.

Kept apart from bot/directory/feature.py (the listing and search commands) so each
part of the directory can grow without the other; both are registered in bot/registry.py.
"""

from __future__ import annotations

from bot.commands import CommandSpec
from bot.directory import community, requests_answer, requests_draft, requests_list
from bot.directory.requests_answer import AGREE_EXAMPLE, ANSWER_EXAMPLE
from bot.directory.requests_draft import ASK_EXAMPLE
from bot.schema import Field, Form, Kind, choice, text

REQUEST = Field(
    "request",
    "The request's number (from people requests)",
    Kind.NUMBER,
    required=True,
    positional=True,
    keyword=False,
)
MEMBER = Field("member", "The member", Kind.MEMBER, required=True, positional=True, keyword=False)

SPECS = (
    CommandSpec(
        path=("people", "ask"),
        summary="Draft a request for a conversation to a member; you check it before it's sent.",
        example=ASK_EXAMPLE,
        build=requests_draft.build_ask,
        handle=requests_draft.handle_ask,
        fields=(
            MEMBER.but(label="Who would you like to ask?"),
            text(
                "reason",
                "What you hope to learn from them, in a sentence",
                long=True,
                label="What do you hope to learn from them?",
            ),
        ),
        options=("again",),
    ),
    CommandSpec(
        path=("people", "edit"),
        summary="Replace the text of a request you haven't sent yet.",
        example='people edit 3 message:"Hi there, …"',
        build=requests_draft.build_step,
        handle=requests_draft.handle_edit,
        fields=(
            REQUEST,
            text(
                "message",
                "The whole new text of your request",
                long=True,
                label="Your request, as they'll read it",
            ),
        ),
        form=Form(
            "Edit your request",
            "Save draft",
            fields=("message",),
            required=("message",),
            opens_on=("request",),
        ),
        prefill=requests_draft.edit_form,
    ),
    CommandSpec(
        path=("people", "send"),
        summary="Send a drafted request (it goes to them as a direct message).",
        example="people send 3",
        build=requests_draft.build_step,
        handle=requests_draft.handle_send,
        fields=(REQUEST,),
    ),
    CommandSpec(
        path=("people", "cancel"),
        summary="Discard a draft, or withdraw a request still waiting for an answer.",
        example="people cancel 3",
        build=requests_draft.build_step,
        handle=requests_draft.handle_cancel,
        fields=(REQUEST,),
    ),
    CommandSpec(
        path=("people", "answer"),
        summary="Answer a request you received: accept, suggest times, not-now or decline.",
        example=ANSWER_EXAMPLE,
        build=requests_answer.build_answer,
        handle=requests_answer.handle_answer,
        fields=(
            REQUEST,
            choice(
                "answer",
                "Your answer",
                "accept",
                "suggest",
                "not-now",
                "decline",
                required=True,
                positional=True,
            ),
            text(
                "times",
                "Times that suit you, with your time zone",
                label="Which times suit you?",
                placeholder="Tue 3pm or Thu 10am, your time zone",
            ),
            text("note", "Why you declined: private, never shown to them"),
        ),
        form=Form(
            "Suggest times",
            "Send times",
            fields=("times",),
            required=("times",),
            opens_on=("request", "answer"),
            opens_if=(("answer", "suggest"),),
        ),
        prefill=requests_answer.suggest_form,
    ),
    CommandSpec(
        path=("people", "agree"),
        summary="Pick one of the times a member offered (or none) and get introduced.",
        example=AGREE_EXAMPLE,
        build=requests_answer.build_agree,
        handle=requests_answer.handle_agree,
        fields=(REQUEST, Field("when", "The time you picked, e.g. Thursday 10am", Kind.MOMENT)),
    ),
    CommandSpec(
        path=("people", "requests"),
        summary="Requests you sent and received, with where each stands.",
        example="people requests",
        build=requests_list.build_list,
        handle=requests_list.handle_list,
    ),
    CommandSpec(
        path=("people", "block"),
        summary="Stop a member finding or asking you in the directory (they aren't told).",
        example="people block @name",
        build=requests_list.build_block,
        handle=requests_list.handle_block,
        fields=(MEMBER,),
    ),
    CommandSpec(
        path=("people", "unblock"),
        summary="Let a member you blocked find and ask you again.",
        example="people unblock @name",
        build=requests_list.build_block,
        handle=requests_list.handle_unblock,
        fields=(MEMBER,),
    ),
    CommandSpec(
        path=("people", "admin"),
        summary="Admins: directory and request figures, counts only, with a CSV file.",
        example="people admin",
        build=community.build_admin,
        handle=community.handle_admin,
        admin_only=True,
    ),
)
