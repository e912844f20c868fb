"""What a blueprint still lacks, or has that will not fit a leave-behind: a pure function."""

from __future__ import annotations

from dataclasses import dataclass

from .content import PHASE_LABELS, PHASES, PlanDocument

# Longer than this, a bullet wraps over three lines on the one-page leave-behind.
BULLET_LIMIT = 160

RESEARCH_QUESTIONS = {
    "expectations": "the expectations, goals and objectives of the job",
    "duties": "the principal duties",
    "obstacles": "the known obstacles to success",
    "big_picture": "how success in the job affects the department and its customers",
}


@dataclass(frozen=True)
class Finding:
    """One gap: `missing` blocks nothing but should be filled; `weak` is worth a second look."""

    level: str  # "missing" or "weak"
    message: str
    anchor: str  # the editor section to jump to


def _too_long(text: str) -> bool:
    return len(text) > BULLET_LIMIT


def check(content: PlanDocument) -> list[Finding]:
    """Return what is missing or weak in a blueprint document, in editor order."""
    findings: list[Finding] = []
    if not content.hook.script:  # the method's first step: the research depends on it
        findings.append(
            Finding(
                "missing",
                "Before your first interview: prepare the hook that asks for the research.",
                "hook",
            )
        )
    for key, question in RESEARCH_QUESTIONS.items():
        if not getattr(content.research, key):
            findings.append(Finding("missing", f"Research: answer {question}.", "research"))
    if not content.insiders:
        findings.append(
            Finding("missing", "Log at least one conversation with an insider.", "insiders")
        )
    if not content.knowledge_plan:
        findings.append(
            Finding("missing", "Say how you will learn what the job requires.", "knowledge")
        )
    goals = content.goals
    if not goals:
        findings.append(Finding("missing", "Add at least one goal.", "goals"))
    for n, goal in enumerate(goals, start=1):
        name = f"Goal {n}" + (f" ({goal.title})" if goal.title else "")
        anchor = f"goals-{n - 1}"
        if not goal.title:
            findings.append(Finding("missing", f"{name}: give it a title.", anchor))
        if not goal.measure:
            findings.append(Finding("missing", f"{name}: add a measure of success.", anchor))
        for phase in PHASES:
            if not goal.actions(phase):
                findings.append(
                    Finding("missing", f"{name}: add actions for {PHASE_LABELS[phase]}.", anchor)
                )
        long = sum(_too_long(b) for phase in PHASES for b in goal.actions(phase))
        if long:
            findings.append(
                Finding(
                    "weak",
                    f"{name}: {long} action(s) over {BULLET_LIMIT} characters; "
                    "shorten them to fit the leave-behind.",
                    anchor,
                )
            )
    if not content.obstacles:
        findings.append(
            Finding("missing", "Name an obstacle and how you will navigate it.", "obstacles")
        )
    for n, item in enumerate(content.obstacles, start=1):
        if item.obstacle and not item.navigation:
            findings.append(
                Finding("missing", f"Obstacle {n}: say how you will navigate it.", "obstacles")
            )
        if _too_long(item.obstacle):
            findings.append(
                Finding("weak", f"Obstacle {n} is over {BULLET_LIMIT} characters.", "obstacles")
            )
    if not content.impact:
        findings.append(
            Finding("missing", "Say how your first 90 days help the department.", "impact-section")
        )
    choices = content.leave_behind  # None: saved before the choices, shows the account email
    if choices is not None and not (choices.email or choices.phone or choices.link):
        findings.append(
            Finding(
                "weak",
                "The leave-behind gives no way to reach you: add an email, phone or link.",
                "handout",
            )
        )
    return findings
