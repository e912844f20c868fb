"""The audit trail: who viewed, changed or exported what, when and from where."""

from .models import AuditEvent, record
from .views import record_view, record_views

__all__ = ["AuditEvent", "record", "record_view", "record_views"]
