"""The Slack adapter: slash commands, buttons, modals, App Home, DMs, OAuth (slack-bolt)."""
