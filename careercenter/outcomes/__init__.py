"""Outcomes: what happened after a blueprint (interviews, the hook, the offer), and whether the
method worked (the conversion report)."""
