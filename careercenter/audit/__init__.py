"""The audit trail: who viewed, changed or exported what, when and from where."""

from .access import record_view, record_views
from .models import NOBODY, AuditEvent, record

__all__ = ["NOBODY", "AuditEvent", "record", "record_view", "record_views"]
