"""A reflection nudge names the people the conversation led to, and only them.

A console walk: a career changer's reflection on a talk where nobody was suggested
still told her to "write to anyone they suggested while the introduction is still
warm". Driven through the real dispatcher and reminder dispatcher on the fakes."""

from __future__ import annotations

from datetime import timedelta

from bot.reminders.dispatch import DispatchConfig, ReminderDispatcher
from bot.reply import Reply
from tests.conftest import CoreHarness


async def reflections(core: CoreHarness) -> dict[str, Reply]:
    core.clock.current += timedelta(days=2)
    config = DispatchConfig(rate_per_workspace=None)
    await ReminderDispatcher(core.dispatcher.services, config).run_once()
    return {
        m.reply.title: m.reply
        for m in core.notifier.sent
        if m.reply.title.startswith("What did you learn")
    }


async def test_only_a_talk_that_led_somewhere_asks_you_to_write_to_them(
    core: CoreHarness,
) -> None:
    await core.say("checkin settings quiet:off")
    await core.say('interview log "Ama Mensah" notes:"process" takeaways:"redo my portfolio"')
    await core.say(
        'interview log "Ben Cole" takeaways:"read about research ops" '
        'referrals:"Tom Okafor (Deliveroo), Lee Chan"'
    )
    await core.say('interview log "Tom Okafor" notes:"already talked"')  # met him already
    await core.say('interview log "Cy Dunn" referrals:"Mo Reyes"')  # no takeaways
    sent = await reflections(core)
    ama = sent["What did you learn from Ama Mensah?"]
    assert "suggested" not in ama.text
    assert "introduction" not in ama.text
    assert ama.text.endswith("turn each takeaway into a step with a date.")
    ben = sent["What did you learn from Ben Cole?"]
    assert "write to Lee Chan while the introduction is still warm." in ben.text
    assert "Tom Okafor" not in ben.text
    write = [a for a in ben.actions if a.label == "Write to Lee Chan"]
    assert [a.command for a in write] == ["outreach draft #4"]
    cy = sent["What did you learn from Cy Dunn?"]
    assert "And write to Mo Reyes while the introduction is still warm." in cy.text
    tom = sent["What did you learn from Tom Okafor?"]
    assert "who they suggested you talk to" in tom.text  # asks: nothing recorded yet
