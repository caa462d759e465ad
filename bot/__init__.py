"""Inroads core: platform-neutral commands, handlers and domain rules.

Nothing in this package imports an adapter, the storage layer or a platform SDK; it talks
to the outside only through the Protocols in :mod:`bot.ports`.
"""
