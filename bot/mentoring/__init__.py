"""Mentor matching for alumni groups: profiles, settings, optimal rounds, intros, follow-ups."""
