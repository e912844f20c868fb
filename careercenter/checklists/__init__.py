"""Checklist templates, immutable published versions, assignments to cohorts, item progress."""
