"""SQL implementations of the repository Protocols in :mod:`bot.ports`."""
