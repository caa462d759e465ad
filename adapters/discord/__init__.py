"""The Discord adapter: app-command groups, modals, persistent buttons, DMs, sharding.

It only translates: typed options become one line of command text (``bot.grammar.quote``)
that runs through ``Dispatcher.run_text`` as the person who asked, and a ``Reply`` becomes
an embed, a view of buttons and files. Validation lives in the core, in one place.
"""
