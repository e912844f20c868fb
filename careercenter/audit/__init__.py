"""The audit trail: who viewed, changed or exported what, when and from where."""

from .access import record_view, record_views
from .models import NOBODY, AuditEvent, acting_as, record

__all__ = ["NOBODY", "AuditEvent", "acting_as", "record", "record_view", "record_views"]
