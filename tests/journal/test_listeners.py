"""Lifecycle listeners run inside the command's unit of work, before its commit."""

from __future__ import annotations

from bot.dispatcher import Dispatcher
from bot.domain import Reminder
from bot.lifecycle.bus import EventContext
from bot.lifecycle.events import ContactInteracted, DomainEvent, InterviewEvent
from bot.registry import all_specs
from bot.services import Services
from tests.conftest import CoreHarness
from tests.fakes import FakeUnitOfWorkFactory, FixedClock, RecordingNotifier


class RecordingListener:
    """Records each event, whether the unit of work had committed yet, and writes a row
    through it (as the check-in cadence does), so we can see it commits together."""

    def __init__(self, fail: bool = False) -> None:
        self.calls: list[tuple[str, str, bool]] = []
        self.fail = fail

    async def handle(self, event: DomainEvent, ctx: EventContext) -> None:
        committed: bool = ctx.uow.committed  # type: ignore[attr-defined]
        if isinstance(event, InterviewEvent):
            interview = event.interview
            assert interview.id is not None
            self.calls.append((type(event).__name__, interview.status, committed))
            await ctx.add_reminders(
                [
                    Reminder(
                        interview.platform,
                        interview.workspace_id,
                        interview.user_id,
                        "custom",
                        due_at=ctx.now,
                        interview_id=interview.id,
                        text=f"after {type(event).__name__}",
                    )
                ]
            )
        elif isinstance(event, ContactInteracted):
            self.calls.append(("ContactInteracted", event.contact.name, committed))
        if self.fail:
            raise RuntimeError("listener broke")


def harness(listener: RecordingListener) -> CoreHarness:
    uow = FakeUnitOfWorkFactory()
    clock = FixedClock()
    services = Services(uow=uow, clock=clock, journal_listeners=(listener,))
    return CoreHarness(Dispatcher(services, all_specs()), uow, clock, RecordingNotifier())


async def test_listeners_hear_every_move_before_commit() -> None:
    listener = RecordingListener()
    core = harness(listener)
    await core.say("interview log Jane")
    jane_interview = core.uow.store.table("interviews")[0].number
    await core.say('interview plan Raj when:"tomorrow 9am"')
    raj_interview = core.uow.store.table("interviews")[1].number
    await core.say(f"interview done {raj_interview}")
    await core.say(f"interview thanked {raj_interview}")
    await core.say(f"interview edit {jane_interview} notes:more")
    await core.say(f"interview delete {jane_interview}")  # only asks: no event
    await core.say(f"interview delete {jane_interview} confirm:yes")
    await core.say("contact add Lin")  # no interaction yet: no event
    moves = [(kind, what) for kind, what, _ in listener.calls]
    # A conversation is a move of the interview, and (through the lifecycle's rules) an
    # interaction with the contact; so is a thank-you, whichever command records it.
    assert moves == [
        ("InterviewHeld", "held"),
        ("ContactInteracted", "Jane"),
        ("InterviewRequested", "scheduled"),
        ("InterviewScheduled", "scheduled"),
        ("InterviewHeld", "held"),
        ("ContactInteracted", "Raj"),
        ("InterviewThanked", "thanked"),
        ("ContactInteracted", "Raj"),
        ("InterviewEdited", "held"),
        ("InterviewDeleted", "held"),
    ]
    assert not any(committed for *_, committed in listener.calls)
    texts = sorted(r.text for r in core.uow.store.table("reminders"))
    # The deleted interview's reminders went with it; Raj's stayed, committed with the journal.
    assert texts == [
        "after InterviewHeld",
        "after InterviewRequested",
        "after InterviewScheduled",
        "after InterviewThanked",
    ]


async def test_a_failing_listener_rolls_the_whole_command_back() -> None:
    core = harness(RecordingListener(fail=True))
    text = await core.say("interview log Jane")
    assert "something went wrong on our side and nothing was changed" in text
    assert core.uow.store.count() == 0


async def test_rejected_commands_tell_no_one() -> None:
    listener = RecordingListener()
    core = harness(listener)
    await core.say('interview log Jane when:"next week"')
    await core.say('interview plan Jane when:"yesterday"')
    assert listener.calls == []
