"""Password rules: a minimum length and a refusal of commonly used passwords."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from flask import current_app


@cache
def common_passwords() -> frozenset[str]:
    """Return the bundled list of passwords that attackers try first."""
    text = files(__package__).joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def password_problem(password: str, email: str = "") -> str | None:
    """Return why `password` is not acceptable, or None when it is."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return f"Use at least {minimum} characters."
    lowered = password.lower()
    if lowered in common_passwords() or lowered.rstrip("0123456789!") in common_passwords():
        return "This password is too common; choose one that is harder to guess."
    local = email.split("@", 1)[0].lower()
    if local and len(local) >= 4 and local in lowered:
        return "Do not build the password from your email address."
    return None
