"""Journal listeners run inside the command's unit of work, before its commit."""

from __future__ import annotations

from datetime import datetime

from bot.dispatcher import Dispatcher
from bot.domain import Contact, Interview, Reminder, UserSettings
from bot.ports import UnitOfWork
from bot.registry import all_specs
from bot.services import Services
from tests.conftest import ALICE, CoreHarness
from tests.fakes import FakeUnitOfWorkFactory, FixedClock, RecordingNotifier


class RecordingListener:
    """Records each call, whether the unit of work had committed yet, and writes a row
    through it (as the check-in engine will), so we can see it commits together."""

    def __init__(self, fail: bool = False) -> None:
        self.calls: list[tuple[str, int | None, str, bool]] = []
        self.fail = fail

    async def interview_saved(
        self,
        uow: UnitOfWork,
        interview: Interview,
        contact: Contact,
        prefs: UserSettings,
        *,
        now: datetime,
    ) -> None:
        assert interview.id is not None
        assert contact.id == interview.contact_id
        self.calls.append(("saved", interview.id, interview.status, uow.committed))  # type: ignore[attr-defined]
        await uow.reminders.add(
            Reminder(
                interview.platform,
                interview.workspace_id,
                interview.user_id,
                "custom",
                due_at=now,
                interview_id=interview.id,
                text=f"after {interview.status}",
            )
        )
        if self.fail:
            raise RuntimeError("listener broke")

    async def interview_deleted(self, uow: UnitOfWork, interview: Interview) -> None:
        self.calls.append(("deleted", interview.id, interview.status, uow.committed))  # type: ignore[attr-defined]

    async def contact_interaction(
        self, uow: UnitOfWork, contact: Contact, prefs: UserSettings, *, now: datetime
    ) -> None:
        assert prefs.user_id == contact.user_id
        self.calls.append(("interaction", contact.id, contact.name, uow.committed))  # type: ignore[attr-defined]


def harness(listener: RecordingListener) -> CoreHarness:
    uow = FakeUnitOfWorkFactory()
    clock = FixedClock()
    services = Services(uow=uow, clock=clock, journal_listeners=(listener,))
    return CoreHarness(Dispatcher(services, all_specs()), uow, clock, RecordingNotifier())


async def test_listeners_hear_every_change_before_commit() -> None:
    listener = RecordingListener()
    core = harness(listener)
    await core.say("interview log Jane")
    jane_interview = core.uow.store.table("interviews")[0].id
    await core.say('interview plan Raj when:"tomorrow 9am"')
    raj_interview = core.uow.store.table("interviews")[1].id
    await core.say(f"interview done {raj_interview}")
    await core.say(f"interview thanked {raj_interview}")
    await core.say(f"interview edit {jane_interview} notes:more")
    await core.say(f"interview delete {jane_interview}")  # only asks: no event
    await core.say(f"interview delete {jane_interview} confirm:yes")
    await core.say("contact add Lin")  # no interaction yet: no event
    kinds = [(kind, status) for kind, _, status, _ in listener.calls]
    # A conversation (log, done) is one `saved` event: it is the contact interaction too.
    # A thank-you is a later interaction of its own.
    assert kinds == [
        ("saved", "held"),
        ("saved", "scheduled"),
        ("saved", "held"),
        ("saved", "thanked"),
        ("interaction", "Raj"),
        ("saved", "held"),
        ("deleted", "held"),
    ]
    assert not any(committed for *_, committed in listener.calls)
    texts = sorted(r.text for r in core.uow.store.table("reminders"))
    # The deleted interview's reminders went with it; Raj's stayed, committed with the journal.
    assert texts == ["after held", "after scheduled", "after thanked"]


async def test_a_failing_listener_rolls_the_whole_command_back() -> None:
    core = harness(RecordingListener(fail=True))
    text = await core.say("interview log Jane")
    assert "something went wrong on our side and nothing was changed" in text
    assert core.uow.store.count() == 0


async def test_rejected_commands_tell_no_one() -> None:
    listener = RecordingListener()
    core = harness(listener)
    await core.say('interview log Jane when:"next week"', ALICE)
    await core.say('interview plan Jane when:"yesterday"', ALICE)
    assert listener.calls == []
