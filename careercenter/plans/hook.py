"""The "set the hook" script a student asks at the end of a first interview."""

from __future__ import annotations

# Whom to ask for when the student has not named anyone: the insiders the method relies on.
DEFAULT_FUNCTIONS = "the person doing this job today and the manager of the team"


def hook_script(employer: str, functions: str) -> str:
    """Return a first draft of the hook, naming the employer and whom the student wants to meet.

    The people asked for end their own sentence, so whatever the student typed there (or the
    default, when they typed nothing) never runs into the words that follow.
    """
    employer = employer.strip() or "your team"
    functions = functions.strip().rstrip(".,;") or DEFAULT_FUNCTIONS
    return (
        f"Thank you for today. Having met you and the people at {employer}, I am sure I could "
        "make a difference here, and I would like the chance to show you how. Could I talk with "
        f"{functions}? I would like to understand what this role has to achieve and how success "
        "in it is judged. I would then like to come back for a second conversation and present "
        "my 90-Day Blueprint: how I would spend my first three months. Would that work for you?"
    )
