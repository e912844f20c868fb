"""Cohorts: groups of students, their advisors, enrolment by hand, CSV or join code."""
