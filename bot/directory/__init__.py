"""The open-to-chat directory: members who list themselves for informational interviews."""
