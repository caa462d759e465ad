"""Tailored question suggestions, the question bank, and prep packs before a conversation."""
