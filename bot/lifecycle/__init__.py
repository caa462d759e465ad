"""One lifecycle for a conversation, its contact and its reminders.

The allowed transitions are methods on the domain objects (mixins here, inherited by
:mod:`bot.domain`); each checks its move, changes the object and records a domain event.
:func:`bot.lifecycle.bus.publish` then runs the listeners for those events inside the
command's unit of work, so every command that makes the same move has the same effects.
"""
