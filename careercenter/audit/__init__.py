"""The audit trail: who viewed, changed or exported what, when and from where."""

from .access import record_view, record_views
from .models import AuditEvent, record

__all__ = ["AuditEvent", "record", "record_view", "record_views"]
