"""The console adapter: the embedded default, and the errbot-style test backend."""
