"""`people find` on the in-memory core: ranking, reasons, rotation, paging, privacy."""

from __future__ import annotations

import re
from datetime import timedelta

from bot import mentions
from bot.choices import MAX_BUTTON_COMMAND
from bot.directory.find import PAGE_SIZE
from bot.directory.terms import root
from bot.domain import Actor
from bot.reply import Reply
from tests.conftest import ALICE, BOB, CoreHarness

CAROL = Actor("console", "w1", "carol", "Carol")
DAN = Actor("console", "w1", "dan", "Dan")
SEEKER = Actor("console", "w1", "sam", "Sam")


def member(n: int) -> Actor:
    return Actor("console", "w1", f"m{n:03d}", f"M{n}")


def shown(out: str) -> list[str]:
    """Members in result order: each result's line starts with the bot's own mention."""
    return re.findall(f"^• {mentions.OPEN}@([\\w.-]+){mentions.CLOSE}", out, flags=re.M)


async def test_fit_ranks_and_each_person_says_why(core: CoreHarness) -> None:
    await core.say(
        'people join role:"category manager" company:Tesco industry:grocery school:Leeds '
        'year:2015 topics:pricing path:"changed careers from teaching"',
        ALICE,
    )
    await core.say('people join role:"data analyst" industry:"food retail" topics:sql', BOB)
    await core.say('people join role:"nurse" industry:health school:Leeds', CAROL)
    out = await core.say("people find industry:grocery school:leeds topic:pricing", SEEKER)
    assert shown(out) == ["alice"]
    assert "works in grocery and food retail" in out
    assert "studied at Leeds (2015)" in out
    assert "happy to talk about pricing" in out
    out = await core.say("people find industry:grocery", SEEKER)
    assert set(shown(out)) == {"alice", "bob"}  # food retail is the same field
    out = await core.say('people find role:"category manager"', SEEKER)
    assert shown(out) == ["alice"]
    assert "works as category manager" in out
    out = await core.say("people find teaching", SEEKER)
    assert shown(out) == ["alice"]
    assert "Why: changed careers from teaching" in out
    out = await core.say("people find company:tesco", SEEKER)
    assert "works at Tesco" in out


async def test_no_room_comes_last_and_the_number_stays_private(core: CoreHarness) -> None:
    await core.say("people join industry:grocery budget:0", ALICE)
    await core.say("people join industry:grocery budget:7", BOB)
    out = await core.say("people find industry:grocery", SEEKER)
    assert shown(out) == ["bob", "alice"]
    assert f"alice{mentions.CLOSE} — grocery · " in out
    assert "(no room this month)" in out
    assert "7" not in out
    assert "budget" not in out.lower()


async def test_never_yourself_nor_the_paused_nor_those_who_left(core: CoreHarness) -> None:
    for who in (ALICE, BOB, CAROL, DAN):
        await core.say("people join industry:grocery", who)
    await core.say("people pause", BOB)
    await core.say("people leave", CAROL)
    assert shown(await core.say("people find", ALICE)) == ["dan"]


async def test_equally_good_members_rotate_by_seeker_and_week(core: CoreHarness) -> None:
    for n in range(30):
        await core.say("people join industry:grocery", member(n))
    firsts = set()
    for seeker in ("s1", "s2", "s3", "s4"):
        out = await core.say("people find industry:grocery", Actor("console", "w1", seeker))
        firsts.add(shown(out)[0])
    assert len(firsts) > 1
    seeker = Actor("console", "w1", "s1")
    again = shown(await core.say("people find industry:grocery", seeker))
    assert again == shown(await core.say("people find industry:grocery", seeker))
    core.clock.advance(timedelta(weeks=1))
    assert shown(await core.say("people find industry:grocery", seeker)) != again


async def test_pages_with_more_and_back(core: CoreHarness) -> None:
    for n in range(12):
        await core.say("people join industry:grocery topics:pricing", member(n))
    reply = await core.dispatcher.run_text(SEEKER, "people find industry:grocery pricing")
    asks = [a.label for a in reply.actions if a.label.startswith("Ask ")]
    assert asks == [f"Ask {n}" for n in range(1, PAGE_SIZE + 1)]  # one per person shown

    def paging(r: Reply) -> list[str]:
        return [a.label for a in r.actions if not a.label.startswith("Ask ")]

    assert paging(reply) == ["More"]
    page_two = reply.actions[-1].command
    assert page_two == "people find industry:grocery pricing page:2"
    second = await core.dispatcher.run_text(SEEKER, page_two)
    assert paging(second) == ["Back", "More"]
    last = await core.dispatcher.run_text(SEEKER, "people find industry:grocery pricing page:3")
    assert paging(last) == ["Back"]
    seen = [shown(r.plain_text()) for r in (reply, second, last)]
    assert [len(s) for s in seen] == [PAGE_SIZE, PAGE_SIZE, 2]
    assert len({name for page in seen for name in page}) == 12
    assert "3 pages" in await core.say("people find industry:grocery pricing page:9", SEEKER)
    assert "pages run from 1" in await core.say("people find page:zero", SEEKER)


async def test_a_misspelt_industry_is_refused_with_the_line_that_works(core: CoreHarness) -> None:
    out = await core.say("people find industry:grocry", SEEKER)
    assert "did you mean “grocery”" in out
    assert "Try: `people find industry:grocery`" in out


async def test_nobody_found_says_what_to_try(core: CoreHarness) -> None:
    """Never the search that just found nobody: one filter fewer, or browsing."""
    one = await core.dispatcher.run_text(SEEKER, "people find industry:fintech")
    assert one.title == "Nobody found"
    assert [a.command for a in one.actions] == ["people find"]
    two = await core.dispatcher.run_text(
        SEEKER, 'people find industry:fintech school:"Leeds Uni" payments'
    )
    commands = [a.command for a in two.actions]
    assert 'people find school:"Leeds Uni" payments' in commands
    assert "people find industry:fintech payments" in commands
    assert 'people find industry:fintech school:"Leeds Uni"' in commands
    assert all(
        a.command != 'people find industry:fintech school:"Leeds Uni" payments' for a in two.actions
    )


async def test_a_search_too_long_for_a_button_gets_no_such_button(core: CoreHarness) -> None:
    """Found by the fuzzer: "Without role:…" carried the rest of a 200-character search,
    past what a Discord button holds. Such a line gets no button; the footer remains."""
    long = "; ".join(["DROP TABLE contacts"] * 6)
    reply = await core.dispatcher.run_text(
        SEEKER, f'people find industry:fintech role:"{long}" {long}'
    )
    assert reply.title == "Nobody found"
    assert reply.actions
    assert all(len(a.command) <= MAX_BUTTON_COMMAND for a in reply.actions)
    assert "`people find` on its own" in (reply.footer or "")


async def test_a_listing_follows_mentor_join_changes(core: CoreHarness) -> None:
    await core.say("people join industry:grocery", ALICE)
    await core.say("mentor join role:mentor industries:fintech", ALICE)
    assert shown(await core.say("people find industry:fintech", SEEKER)) == ["alice"]
    assert shown(await core.say("people find industry:grocery", SEEKER)) == []


async def test_typed_mentions_in_a_listing_stay_text(core: CoreHarness) -> None:
    await core.say('people join company:"<!channel> @everyone" industry:grocery', ALICE)
    reply = await core.dispatcher.run_text(SEEKER, "people find industry:grocery")
    assert mentions.members_in(reply.plain_text()) == {"alice"}


async def test_a_word_is_found_in_its_other_forms(core: CoreHarness) -> None:
    """A career changer types "nurses", "designers" or "marketing"; listings say
    "nurse", "product designer", "marketer": the search finds them and says why."""
    await core.say('people join role:"nurse" industry:health', ALICE)
    await core.say('people join role:"product designer" topics:"design systems"', BOB)
    await core.say('people join role:"marketer" company:Oatly', CAROL)
    await core.say('people join role:"engine mechanic" path:"moved to new york"', DAN)
    out = await core.say("people find nurses", SEEKER)
    assert shown(out) == ["alice"]
    assert "works as nurse" in out
    out = await core.say("people find designers", SEEKER)
    assert shown(out) == ["bob"]
    assert "works as product designer" in out
    out = await core.say("people find topic:designing", SEEKER)
    assert shown(out) == ["bob"]
    assert "happy to talk about design systems" in out
    out = await core.say("people find marketing", SEEKER)
    assert shown(out) == ["carol"]
    # Engineers are not engines, and "news" is not "new"; names are searched as typed.
    for line in ("people find engineers", "people find news", "people find company:oatlys"):
        assert (await core.dispatcher.run_text(SEEKER, line)).title == "Nobody found", line


def test_word_roots_keep_endings_that_belong_to_the_word() -> None:
    assert root("nurses") == root("nursing") == root("nurse") == "nurs"
    assert root("planning") == root("planner") == root("plan") == "plan"
    assert root("companies") == root("company") == "company"
    assert root("careers") == root("career") == "career"
    assert root("care") != root("car")
    assert root("engineers") != root("engine")
    assert root("business") == "business"
    assert root("analysis") == "analysis"
    assert root("news") != root("new")
    assert root("taught") == root("teachers") == "teach"  # no ending takes it back


async def test_a_past_form_no_ending_explains_is_found(core: CoreHarness) -> None:
    """Ben, a teacher, searched "teachers"; Dev listed "taught chemistry for 6 years"."""
    await core.say('people join role:"ux researcher" path:"taught chemistry for 6 years"', ALICE)
    out = await core.say("people find teachers", SEEKER)
    assert shown(out) == ["alice"]
    assert "Why: taught chemistry for 6 years" in out
