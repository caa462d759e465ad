"""The inputs of the golden drafts: four people, forty-odd ways to say why them.

Kept apart from the test so the list reads as data: each reason is phrased the way
someone actually typed one, across the five kinds the planner tells apart.
"""

from __future__ import annotations

from bot.outreach.templates import DraftInput

CONTACT = {"name": "Dana Whitfield", "role": "Category Manager, Bakery", "company": "FreshMart"}

PEOPLE: dict[str, dict[str, object]] = {
    "student": {
        "sender": "Alice Park",
        "about": "a second-year economics student curious about retail",
        "school": "State University",
        "standing": "student",
        "year": 2027,
        "goal": "exploring",
    },
    "graduate": {
        "sender": "Ben Osei",
        "about": "a recent economics graduate looking at retail analytics",
        "school": "State University",
        "standing": "graduate",
        "year": 2025,
        "goal": "breaking-in",
    },
    "career changer": {
        "sender": "Sam Rivera",
        "about": "a secondary-school teacher moving into UX research",
        "school": "Leeds Beckett",
        "standing": "alum",
        "year": 2012,
        "goal": "changing-careers",
    },
    "business owner": {
        "sender": "Rosa Lindqvist",
        "about": "I run a small sourdough bakery in Leeds",
        "school": "",
        "standing": "",
        "year": None,
        "goal": "business-research",
    },
}

REASONS: tuple[str, ...] = (
    # about them: a whole clause
    "you spoke on the Data Humans podcast about shelf data",
    "you wrote the FreshMart piece on cutting bakery waste",
    "You've built the local-sourcing programme at FreshMart from scratch",
    "you moved from store management into category work",
    "I read your article on how supermarkets plan seasonal ranges",
    "I heard you on a panel at the Grocer Live conference",
    "read your post on why small bakeries struggle with listing fees",
    "saw your talk at the Leeds food festival",
    "listened to your interview on the Retail Weekly podcast",
    "I loved your thread about own-label bread",
    # about them: a noun phrase
    "your talk at Grocer Live on local sourcing",
    "your post about what buyers look for in a new supplier",
    "the FreshMart bakery relaunch you led last spring",
    "your article on shrinking shelf space for bread",
    "your work on the FreshMart regional suppliers scheme",
    "the case study you published on reducing bakery waste",
    # a referral
    "Marco Rossi said you'd be the best person to ask",
    "a friend from my economics class recommended you",
    "Dana's colleague Priya Shah suggested I talk to you",
    "my professor, Dr Ellen Hart, thought you'd be happy to help",
    "Tom Becker mentioned you know the bakery category inside out",
    "referred by Jamal Reed from the Leeds Food Network",
    "A former colleague told me you're generous with your time",
    "my manager at the café pointed me your way",
    # a shared background
    "as a fellow economics graduate, I'd love to hear how you moved into retail",
    "we both came through the economics department at State University",
    "we both studied economics at State University",
    "like you, I started out behind a bakery counter",
    "fellow member of the Yorkshire Food Circle",
    "we share a background in teaching",
    # a congratulation
    "congratulations on your promotion to head of buying",
    "Congratulations on the FreshMart Supplier Awards!",
    "congrats on the new local-bakery range launch",
    "Many congratulations on ten years at FreshMart",
    # about the writer
    "I'm moving from teaching into UX research and want to learn how retail teams use research",
    "moving from teaching into UX research",
    "I'm researching how grocery chains pick their bakery suppliers",
    "trying to understand how supermarket buyers judge a small supplier",
    "curious how category managers decide what earns a place on the shelf",
    "my bakery is growing and I want to understand how grocery buying works",
    "I've just finished a data course and keep reading about retail analytics",
    "planning my final-year project on food waste in supermarkets",
)

TAKEAWAYS: tuple[tuple[str, str], ...] = (
    ("start with the category reviews; bring numbers", "learn how listing fees work"),
    ("Buyers care more about reliable delivery than price", "I'll draft a delivery plan"),
    ("you said a trial in five stores comes before any national listing", ""),
    ("SQL before Python", "finish the SQL course"),
    ("Talk to the store managers first", "visit two FreshMart stores this month"),
    ("", ""),
)


def person(kind: str, *, reason: str = "", variant: int = 0, **more: object) -> DraftInput:
    fields: dict[str, object] = {**PEOPLE[kind], **CONTACT, "reason": reason, "variant": variant}
    fields.update(more)
    return DraftInput(**fields)  # type: ignore[arg-type]
