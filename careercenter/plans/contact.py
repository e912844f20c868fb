"""Contact details a student puts on the leave-behind: what a valid one looks like."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

EMAIL_MESSAGE = "Use an email address such as name@example.com."
PHONE_MESSAGE = (
    "Use a phone number of 7 to 15 digits; spaces, dashes, brackets, dots and a leading + "
    "are fine, such as +1 (555) 010-0123."
)
LINK_MESSAGE = (
    "Use a web link that starts with https:// or http://, such as "
    "https://www.linkedin.com/in/your-name."
)
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
_PHONE = re.compile(r"\+?[0-9 ().\-]+")


def is_web_link(value: str) -> bool:
    """Return whether `value` is an http(s) link with a host and no spaces."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return (
        parts.scheme in {"http", "https"}
        and bool(parts.hostname)
        and not any(c.isspace() for c in value)
    )


def email_problem(email: str) -> str | None:
    """Return what is wrong with `email` as a contact address ("" is fine), or None."""
    return EMAIL_MESSAGE if email and not _EMAIL.fullmatch(email) else None


def phone_problem(phone: str) -> str | None:
    """Return what is wrong with `phone` as a contact number ("" is fine), or None."""
    digits = sum(c.isdigit() for c in phone)
    if phone and (not _PHONE.fullmatch(phone) or not 7 <= digits <= 15):
        return PHONE_MESSAGE
    return None


def link_problem(link: str) -> str | None:
    """Return what is wrong with `link` as a profile or portfolio link ("" is fine), or None."""
    return LINK_MESSAGE if link and not is_web_link(link) else None


def contact_problems(email: str, phone: str, link: str) -> list[str]:
    """Return what is wrong with the contact details chosen for the leave-behind."""
    found = (email_problem(email), phone_problem(phone), link_problem(link))
    return [problem for problem in found if problem]
