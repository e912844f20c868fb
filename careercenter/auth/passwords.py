"""Password rules after NIST SP 800-63B: a minimum length, no composition rules, no guessable ones.

A password is refused when it is short, a run of one character or a repeated chunk, a sequence
(`abcd`, `6543`), built from the person's own name, email or institution, or when zxcvbn judges
it too easy to guess. zxcvbn (a maintained estimator) matches it against its frequency lists of
common and breached passwords, names and English words, and against keyboard walks, dates and
l33t spellings, given the person's details as extra words. Each refusal says what is wrong and
suggests a passphrase.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from itertools import pairwise

from flask import current_app
from zxcvbn import zxcvbn

# zxcvbn's top score: 10^10 guesses or more. Score 3 (10^8) still lets "Basketball#2026!" and
# "Iloveyoubaby2024" through; three unrelated words clear 10^12.
MIN_SCORE = 4
# zxcvbn's matching is quadratic; the first 72 characters decide whether a password is guessable.
ESTIMATE_LENGTH = 72
ADVICE = (
    "Try a passphrase instead: three or four unrelated words, like a short odd sentence "
    "only you would write."
)
# The service itself is a context-specific word, like the person's own details.
SERVICE_WORDS = ("career center", "careercenter")
# Words too generic to give an institution away ("Lakeside College": "college" stays usable).
GENERIC_WORDS = frozenset(
    {
        *("the", "and", "for", "university", "college", "institute", "school", "academy"),
        *("community", "state", "campus", "center", "centre"),
    }
)
# The usual l33t spellings ("N0rthf1eld"), with "1" read both as "i" and as "l".
_LEET = (str.maketrans("0134578@$!|", "oieastbasil"), str.maketrans("0134578@$!|", "oleastbasll"))
# Shorter pieces ("li", "jo") would refuse innocent passphrases that happen to contain them;
# pieces shorter than SUBSTRING_PERSONAL count only as whole words ("mart" is not in "smart").
MIN_PERSONAL = 4
SUBSTRING_PERSONAL = 5

_WEAK_PATTERNS = {
    "repeat": "Repeated characters or chunks such as “aaaa” or “abcabc” are easy to guess.",
    "sequence": "Sequences such as “abcd” or “6543” are easy to guess.",
    "spatial": "Keyboard patterns such as “qwerty” or “zxcvbn” are easy to guess.",
    "date": "Dates and years are easy to guess.",
    "regex": "Dates and years are easy to guess.",
}


def _fold(text: str) -> str:
    """Lowercase and drop accents, so "Zoë" and "zoe" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\W_\d]+", _fold(text)) if w]


def _compact(text: str) -> str:
    return re.sub(r"[\W_]+", "", _fold(text))


def personal_words(
    name: str = "", email: str = "", institutions: Iterable[str] = ()
) -> dict[str, list[str]]:
    """Return the words a password must not be built from, by what they are."""
    institutions = list(institutions)
    local, _, domain = _fold(email).partition("@")
    labels = domain.split(".")[:-1]  # the top-level domain says nothing about the person
    found = {
        "your name": [*_words(name), _compact(name)],
        # Before the email, whose domain often names the institution too.
        "your institution's name": [
            *(w for text in institutions for w in _words(text) if w not in GENERIC_WORDS),
            *(_compact(text) for text in institutions),
        ],
        "your email address": [*_words(local), _compact(local), *(_compact(x) for x in labels)],
        "this site's name": [_compact(w) for w in SERVICE_WORDS],
    }
    return {
        kind: list(dict.fromkeys(w for w in words if len(w) >= MIN_PERSONAL))
        for kind, words in found.items()
    }


def _is_repeat(folded: str) -> bool:
    return len(set(folded)) <= 2 or re.fullmatch(r"(.+?)\1+", folded, re.DOTALL) is not None


def _is_sequence(folded: str) -> bool:
    steps = {ord(b) - ord(a) for a, b in pairwise(folded)}
    return steps in ({1}, {-1})


def _uses(folded: str, words: list[str]) -> bool:
    """Return whether the password contains one of `words`, also in l33t or run together."""
    readings = {folded, *(folded.translate(table) for table in _LEET)}
    compacts = {_compact(r) for r in readings}
    pieces = {w for r in readings for w in _words(r)}
    return any(
        word in pieces or (len(word) >= SUBSTRING_PERSONAL and any(word in c for c in compacts))
        for word in words
    )


def _estimate_problem(password: str, words: list[str]) -> str | None:
    result = zxcvbn(password[:ESTIMATE_LENGTH], user_inputs=words)
    if result["score"] >= MIN_SCORE:
        return None
    weakest = max(result["sequence"], key=lambda match: len(match["token"]))
    pattern = weakest["pattern"]
    if pattern == "dictionary" and weakest.get("dictionary_name") == "passwords":
        return "This password is too common: it is on the lists attackers try first."
    if pattern == "dictionary":
        return "A single word or name, even with a digit or symbol added, is easy to guess."
    return _WEAK_PATTERNS.get(pattern, "This password is too easy to guess.")


def password_problem(
    password: str, email: str = "", *, name: str = "", institutions: Iterable[str] = ()
) -> str | None:
    """Return why `password` is not acceptable (with advice), or None when it is.

    `institutions` are the names and slugs of the person's institutions.
    """
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return f"Use at least {minimum} characters. {ADVICE}"
    folded, compact = _fold(password), _compact(password)
    # "football football" repeats a word once the separators are set aside.
    if _is_repeat(folded) or (compact and _is_repeat(compact)):
        return f"{_WEAK_PATTERNS['repeat']} {ADVICE}"
    if _is_sequence(folded):
        return f"{_WEAK_PATTERNS['sequence']} {ADVICE}"
    personal = personal_words(name, email, institutions)
    for kind, words in personal.items():
        if _uses(folded, words):
            return f"Leave out {kind}: it is among the first things an attacker tries. {ADVICE}"
    problem = _estimate_problem(password, [w for words in personal.values() for w in words])
    return f"{problem} {ADVICE}" if problem else None
