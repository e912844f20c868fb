"""The audit trail: who viewed, changed or exported what, when and from where."""

from .models import AuditEvent, record

__all__ = ["AuditEvent", "record"]
