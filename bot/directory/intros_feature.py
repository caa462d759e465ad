"""`people browse` and the warm-introduction commands (`people intros …`,
`people who-knows`, `people intro-request`, `people intro-answer`), in help order."""

from __future__ import annotations

from bot.commands import CommandSpec
from bot.directory import browse, intro_request, intros
from bot.directory.feature import FIND_FIELDS
from bot.schema import Field, Form, Kind, text

COMPANIES = text(
    "company",
    "Companies, comma separated, e.g. Acme, Globex",
    aliases=("companies",),
    positional=True,
)

SPECS = (
    CommandSpec(
        path=("people", "browse"),
        summary="Browse members open to a chat, a few at a time, with Next and Previous.",
        example="people browse industry:grocery",
        build=browse.build_browse,
        handle=browse.handle_browse,
        fields=FIND_FIELDS,
    ),
    CommandSpec(
        path=("people", "who-knows"),
        summary="Members who can introduce you to someone at a company, and how many.",
        example=intros.WHO_EXAMPLE,
        build=intros.build_who_knows,
        handle=intros.handle_who_knows,
        fields=(text("company", "A company, e.g. Acme", required=True, positional=True),),
    ),
    CommandSpec(
        path=("people", "intro-request"),
        summary="Ask a member for a warm introduction at a company they offered.",
        example=intro_request.REQUEST_EXAMPLE,
        build=intro_request.build_request,
        handle=intro_request.handle_request,
        fields=(
            Field(
                "member",
                "The member who offered the company",
                Kind.MEMBER,
                required=True,
                positional=True,
            ),
            text("company", "The company, e.g. Acme", required=True),
            text(
                "reason",
                "What you hope to learn, in a sentence or two",
                # Left out, a form asks for it (Slack, Discord) or the reply does.
                long=True,
                label="What do you hope to learn from someone there?",
                placeholder="e.g. how their team plans a launch, and what they wish they'd known",
            ),
        ),
        # "Ask 2 for an intro" names the member and the company; the form asks only why.
        form=Form(
            "Ask for an introduction",
            "Send request",
            fields=("reason",),
            required=("reason",),
            opens_on=("member", "company"),
        ),
        prefill=intro_request.request_form,
    ),
    CommandSpec(
        path=("people", "intro-answer"),
        summary="Accept or decline an introduction request (the buttons run this).",
        example="people intro-answer 12 accept",
        build=intro_request.build_answer,
        handle=intro_request.handle_answer,
        fields=(
            Field("request", "The request's number", Kind.NUMBER, required=True, positional=True),
            Field(
                "answer",
                "accept or decline",
                Kind.CHOICE,
                required=True,
                positional=True,
                choices=(("accept", "accept"), ("decline", "decline")),
            ),
        ),
    ),
    CommandSpec(
        path=("people", "intros", "add"),
        summary="Say which companies you can introduce people to (names only).",
        example=intros.ADD_EXAMPLE,
        build=intros.build_add,
        handle=intros.handle_add,
        fields=(COMPANIES.but(required=True),),
    ),
    CommandSpec(
        path=("people", "intros", "remove"),
        summary="Stop offering introductions at some companies.",
        example='people intros remove company:"Acme"',
        build=intros.build_remove,
        handle=intros.handle_remove,
        fields=(COMPANIES.but(required=True),),
    ),
    CommandSpec(
        path=("people", "intros", "list"),
        summary="Companies you offer, requests waiting for you, requests you made.",
        example="people intros list",
        build=intros.build_plain,
        handle=intros.handle_list,
    ),
    CommandSpec(
        path=("people", "intros", "suggest"),
        summary="Companies from your own contacts you could offer (you pick; nothing is shared).",
        example="people intros suggest",
        build=intros.build_plain,
        handle=intros.handle_suggest,
    ),
)
