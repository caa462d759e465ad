"""The Discord adapter: app-command groups, modals, persistent buttons, DMs, sharding.

It only translates: a command's options are its spec's fields (``bot.schema``), the typed
values picked run through ``Dispatcher.run_values`` as the person who asked, and a
``Reply`` becomes an embed, a view of buttons and files. Validation lives in the core, in
one place.
"""
