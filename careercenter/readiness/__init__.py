"""Readiness: pure rules (`rules.py`) fed by a constant number of SQL queries (`queries.py`)."""
