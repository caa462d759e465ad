"""What the lifecycle changes on a contact: the last interaction, and keep-in-touch."""

from __future__ import annotations

from datetime import datetime

from bot.lifecycle.events import ContactInteracted, EventRecorder, KeepInTouchChanged


class ContactLifecycle(EventRecorder):
    """Transitions of :class:`bot.domain.Contact` (its fields are declared there)."""

    last_interaction_at: datetime | None
    keep_in_touch: bool

    def interacted(self, at: datetime) -> bool:
        """Something happened with this person at `at`. Only news moves the clock: an
        old conversation logged today leaves a later interaction where it is.
        Returns whether it moved (and keep-in-touch restarts from `at`)."""
        if self.last_interaction_at is not None and at < self.last_interaction_at:
            return False
        if self.last_interaction_at != at:  # the same value set again would still flush
            self.last_interaction_at = at
        self._record(ContactInteracted(self, at))  # type: ignore[arg-type]
        return True

    def set_keep_in_touch(self, on: bool) -> bool:
        """Stop or restart the repeating keep-in-touch nudges; False when unchanged."""
        if self.keep_in_touch == on:
            return False
        self.keep_in_touch = on
        self._record(KeepInTouchChanged(self))  # type: ignore[arg-type]
        return True
