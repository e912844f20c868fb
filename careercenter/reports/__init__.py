"""Readiness reports for admins and advisors, CSV and PDF exports, background exports."""
