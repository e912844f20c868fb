"""What the audit log calls cohort events and cohorts."""

from __future__ import annotations

from ..audit.labels import register_actions, register_detail, register_subject, titles
from .models import Cohort

register_actions(
    {
        "cohort.created": "Created a cohort",
        "cohort.updated": "Edited a cohort",
        "cohort.archived": "Archived a cohort",
        "cohort.restored": "Restored a cohort",
        "cohort.advisor_added": "Assigned an advisor",
        "cohort.advisor_removed": "Took an advisor off a cohort",
        "cohort.student_enrolled": "Enrolled a student",
        "cohort.student_removed": "Took a student out of a cohort",
        "cohort.join_code_enable": "Turned the join code on",
        "cohort.join_code_disable": "Turned the join code off",
        "cohort.join_code_regenerate": "Made a new join code",
    }
)
register_subject("Cohort", titles(Cohort.name, "Cohort “{}”"))
register_detail("cohort_id", "Cohort", "cohort")
register_detail("membership_id", "Membership", "person")  # named by members/audit.py
