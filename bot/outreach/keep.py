"""Keeping in touch: the four notes that keep a conversation from being a one-off.

A contact remembers the person who came back to say what they did with the advice far
better than the one who only asked. So these notes give something rather than ask for
something: an update on how you used their advice (built from the last conversation's
takeaways and action items), a congratulation on their news, something worth reading,
or a hello after a long gap that says plainly how long it has been. None of them asks
for another call; each leaves the door open and says no reply is needed.
"""

from __future__ import annotations

from bot.outreach.templates import Draft, DraftInput, pick, sign
from bot.outreach.wording import (
    _FINITE,
    _IMPERATIVES,
    Audience,
    _first_point,
    _lower_start,
    takeaway_sentence,
    topic,
)

KEEP_FORMATS = ("update", "congrats", "article", "reconnect")
NEWS_PLACEHOLDER = "[their news]"
LINK_PLACEHOLDER = "[link]"
DONE_PLACEHOLDER = "[what you did with it, and how it went]"


def since(days: int | None) -> str:
    """How long ago, as a person says it: "a few weeks", "about five months", "over a year"."""
    if days is None:
        return ""
    if days < 10:
        return "a few days"
    if days < 45:
        return "a few weeks"
    months = round(days / 30.4)
    if months < 12:
        words = ("", "a month", "two months", "three months", "four months", "five months",
                 "six months", "seven months", "eight months", "nine months", "ten months",
                 "eleven months")  # fmt: skip
        return f"about {words[months]}"
    years = days // 365
    return "over a year" if years < 2 else f"more than {years} years"


def _news(text: str) -> str:
    """ "Congrats on the new range!" → "the new range": the news without our framing."""
    news = " ".join(text.split()).strip(" .!")
    lowered = news.lower()
    for lead in ("congratulations on ", "many congratulations on ", "congrats on ", "on "):
        if lowered.startswith(lead):
            news = news[len(lead) :]
            break
    return _lower_start(news) if news else ""


def _promise(next_step: str) -> str:
    """The action item as what you had said you would do: "I said I'd learn SQL"."""
    point = _first_point(next_step)
    if not point:
        return ""
    for lead in ("i'll ", "i will ", "i am going to ", "i'm going to "):
        if point.lower().startswith(lead):
            point = point[len(lead) :]
            break
    return f"I said I'd {_lower_start(point)}"


def advice_ref(takeaway: str) -> str:
    """Their advice as a noun phrase: "your advice to talk to the store managers first",
    "your point that buyers care about delivery", "what you said about SQL"."""
    point = _first_point(takeaway)
    if not point:
        return ""
    lowered = point.lower()
    for lead in ("you said ", "you told me ", "you suggested ", "you advised "):
        if lowered.startswith(lead):
            point = point[len(lead) :].removeprefix("that ")
            lowered = point.lower()
            break
    if lowered.split(" ", 1)[0] in _IMPERATIVES:
        return f"your advice to {_lower_start(point)}"
    if _FINITE.search(point):
        return f"your point that {_lower_start(point)}"
    return f"what you said about {_lower_start(point)}"


def _when_we_spoke(d: DraftInput) -> str:
    gap = since(d.days_since_contact)
    return f"when we spoke {gap} ago" if gap else "when we spoke"


def update(d: DraftInput) -> Draft:
    """What you did with their advice: their words first, then what came of them."""
    advice = takeaway_sentence(d.takeaway, variant=d.variant)
    when = _when_we_spoke(d)
    opener = pick(
        (
            "I wanted to let you know what came of our conversation.",
            f"You were kind enough to give me your time {when}, so I thought you'd like to "
            "hear how it went.",
        ),
        d.variant,
    )
    promise = _promise(d.next_step)
    news = " ".join(d.news.split()).rstrip(".")
    if news:
        done = f"{news[:1].upper()}{news[1:]}."
        if promise:
            done = f"{promise}. Since then, {_lower_start(news)}."
    elif promise:
        done = f"{promise}. {DONE_PLACEHOLDER}"
    else:
        done = DONE_PLACEHOLDER
    middle = f"{advice} {done}" if advice else done
    thanks = (
        "It helped me see your side of things much more clearly, so thank you again."
        if d.audience is Audience.OWNER
        else "It made a real difference, so thank you again."
    )
    body = "\n\n".join(
        (
            f"Hi {d.first},",
            opener,
            middle,
            f"{thanks} No need to reply; I just wanted you to know your advice was put to use.",
            sign(d),
        )
    )
    subject = pick(("What I did with your advice", "A quick update, and thanks"), d.variant)
    return Draft("update", body, subject)


def congrats(d: DraftInput) -> Draft:
    """Their news first and only: no ask hidden in the second paragraph."""
    news = _news(d.news or d.reason) or NEWS_PLACEHOLDER
    cheer = pick(
        (f"Congratulations on {news}!", f"I just saw the news about {news}. Congratulations!"),
        d.variant,
    )
    chat = pick(("our chat", "our conversation"), d.variant)
    link_back = (
        f"It was great to see, especially after {chat} about how you got there."
        if d.takeaway or d.days_since_contact is not None
        else "It's very well deserved."
    )
    body = "\n\n".join(
        (
            f"Hi {d.first},",
            f"{cheer} {link_back}",
            "No need to reply; I only wanted to say well done.",
            sign(d),
        )
    )
    return Draft("congrats", body, pick(("Congratulations!", "Well done"), d.variant))


def article(d: DraftInput) -> Draft:
    """Something worth their time, and why you thought of them."""
    link = d.link.strip() or LINK_PLACEHOLDER
    what = " ".join(d.news.split()).rstrip(".")
    about = f"It's about {_lower_start(what)}, and it" if what else "It"
    subject_topic = topic(d.role, d.industry)
    reminded = (
        f"{about} reminded me of {advice_ref(d.takeaway)}."
        if d.takeaway.strip()
        else f"{about} made me think of you and {_their(subject_topic)}."
    )
    body = "\n\n".join(
        (
            f"Hi {d.first},",
            pick(
                (
                    "I came across this and thought of you:",
                    "This caught my eye and I thought you might enjoy it:",
                ),
                d.variant,
            )
            + f"\n{link}",
            reminded,
            "No need to reply, of course; I just hope it's useful.",
            sign(d),
        )
    )
    return Draft("article", body, pick(("Thought of you", "Something you might like"), d.variant))


def _their(subject_topic: str) -> str:
    if subject_topic == "your path":
        return "your work"
    return subject_topic if subject_topic.startswith("working") else f"your work in {subject_topic}"


def reconnect(d: DraftInput) -> Draft:
    """After a long gap: say how long, say something true about you, ask after them."""
    gap = since(d.days_since_contact)
    opener = (
        f"It's been {gap} since we last spoke, so I thought I'd say hello."
        if gap
        else "It's been a while since we last spoke, so I thought I'd say hello."
    )
    news = " ".join(d.news.split()).rstrip(".")
    mine = (
        f"A quick bit of news from me: {_lower_start(news)}."
        if news
        else "[a line or two on what you've been up to since]"
    )
    advice = advice_ref(d.takeaway)
    still = f" I still think about {advice}." if advice else ""
    ask = pick(
        (
            "How are things on your side? I'd be glad to hear what's changing for you these days."
            if d.audience is Audience.OWNER
            else "How are things with you? I'd love to hear what you're working on these days.",
            "I hope all is well on your side. What has been keeping you busy?",
        ),
        d.variant,
    )
    body = "\n\n".join((f"Hi {d.first},", opener, f"{mine}{still}", ask, sign(d)))
    return Draft("reconnect", body, pick(("Hello again", "It's been a while"), d.variant))


BUILDERS = {"update": update, "congrats": congrats, "article": article, "reconnect": reconnect}
