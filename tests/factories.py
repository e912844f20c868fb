"""Factories for institutions, people and cohorts (run inside the `arrange` app context)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from careercenter.auth.models import User
from careercenter.cohorts.models import Cohort, CohortAdvisor, CohortStudent
from careercenter.extensions import db
from careercenter.tenancy.models import Institution, Membership, Role
from careercenter.tenancy.scoping import tenant_scope, unscoped

PASSWORD = "correct horse battery staple"
_seq = itertools.count(1)


def create_institution(slug: str | None = None, name: str | None = None) -> Institution:
    n = next(_seq)
    institution = Institution(slug=slug or f"inst{n}", name=name or f"Institution {n}")
    db.session.add(institution)
    db.session.commit()
    return institution


def create_user(
    email: str | None = None,
    name: str | None = None,
    password: str | None = PASSWORD,
    active: bool = True,
) -> User:
    n = next(_seq)
    user = User(
        email=email or f"person{n}@people.example", name=name or f"Person {n}", active=active
    )
    if password is not None:
        user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def create_member(
    institution: Institution,
    role: Role | str = Role.STUDENT,
    user: User | None = None,
    active: bool = True,
    invited: bool = False,
    **user_kw,
) -> Membership:
    """Add a member; `invited=True` makes a pending invitation (no access until accepted)."""
    user = user or create_user(**user_kw)
    with tenant_scope(institution):
        membership = Membership(user_id=user.id, role=Role(role), active=active and not invited)
        if invited:
            membership.accepted_at = None
            membership.invited_name, membership.invited_email = user.name, user.email
        db.session.add(membership)
        db.session.commit()
    return membership


def create_cohort(
    institution: Institution, name: str | None = None, advisors=(), students=(), **kw
) -> Cohort:
    with tenant_scope(institution):
        cohort = Cohort(name=name or f"Cohort {next(_seq)}", term=kw.pop("term", "Fall 2026"), **kw)
        db.session.add(cohort)
        db.session.flush()
        for advisor in advisors:
            db.session.add(CohortAdvisor(cohort_id=cohort.id, membership_id=advisor.id))
        for student in students:
            db.session.add(CohortStudent(cohort_id=cohort.id, membership_id=student.id))
        db.session.commit()
    return cohort


@dataclass
class Tenant:
    """One institution of the test world and its people."""

    institution: Institution
    admin: Membership
    advisor: Membership
    student: Membership
    cohort: Cohort

    @property
    def slug(self) -> str:
        return self.institution.slug

    def member(self, role: Role | str) -> Membership:
        return {"admin": self.admin, "advisor": self.advisor, "student": self.student}[Role(role)]


@dataclass
class World:
    """Two institutions: `a` (where the tester belongs) and `b` (the other one)."""

    a: Tenant
    b: Tenant


def create_tenant(slug: str) -> Tenant:
    institution = create_institution(slug=slug, name=slug.capitalize() + " University")
    admin = create_member(institution, Role.ADMIN, name=f"{slug} admin")
    advisor = create_member(institution, Role.ADVISOR, name=f"{slug} advisor")
    student = create_member(institution, Role.STUDENT, name=f"{slug} student")
    cohort = create_cohort(institution, advisors=[advisor], students=[student])
    return Tenant(institution, admin, advisor, student, cohort)


def create_world() -> World:
    return World(a=create_tenant("alpha"), b=create_tenant("beta"))


# --- checklists and readiness ------------------------------------------------------------


def create_checklist(institution: Institution, items=None, publish: bool = True, title=None):
    """Create a template with one version of `items` (dicts of ChecklistItem fields)."""
    from careercenter.checklists.models import (
        ChecklistItem,
        ChecklistTemplate,
        ChecklistVersion,
        VersionStatus,
    )
    from careercenter.tenancy.models import utcnow

    items = items if items is not None else [{"title": "Write your résumé"}]
    with tenant_scope(institution):
        title = title or f"Checklist {next(_seq)}"
        template = ChecklistTemplate(title=title)
        db.session.add(template)
        db.session.flush()
        version = ChecklistVersion(
            template_id=template.id,
            number=1,
            title=title,
            status=VersionStatus.PUBLISHED if publish else VersionStatus.DRAFT,
            published_at=utcnow() if publish else None,
        )
        db.session.add(version)
        db.session.flush()
        for position, fields in enumerate(items, start=1):
            db.session.add(ChecklistItem(version_id=version.id, position=position, **fields))
        db.session.commit()
    return version


def assign_checklist(institution: Institution, cohort: Cohort, version, due_on=None):
    from datetime import date, timedelta

    from careercenter.checklists.models import Assignment

    with tenant_scope(institution):
        assignment = Assignment(
            cohort_id=cohort.id,
            version_id=version.id,
            due_on=due_on or date.today() + timedelta(days=14),
        )
        db.session.add(assignment)
        db.session.commit()
    return assignment


def set_progress(institution, assignment, item, student, status="done", **fields):
    from careercenter.checklists.models import ItemProgress, ProgressStatus
    from careercenter.tenancy.models import utcnow

    with tenant_scope(institution):
        progress = ItemProgress(
            assignment_id=assignment.id,
            item_id=item.id,
            membership_id=student.id,
            status=ProgressStatus(status),
            done_at=utcnow(),
            **fields,
        )
        db.session.add(progress)
        db.session.commit()
    return progress


def items_of(institution, version):
    from sqlalchemy import select

    from careercenter.checklists.models import ChecklistItem

    with tenant_scope(institution):
        return list(
            db.session.execute(
                select(ChecklistItem)
                .where(ChecklistItem.version_id == version.id)
                .order_by(ChecklistItem.position)
            ).scalars()
        )


def create_practice(institution: Institution | None = None, **fields):
    from careercenter.practices.models import Practice

    n = next(_seq)
    values = {
        "title": f"Practice {n}",
        "guidance": "Do the thing, then *reflect*.",
        "category": "readiness",
        "competency": "Communication",
        "source": "Tests",
        **fields,
    }
    if institution is None:
        with unscoped():  # the global library is platform data, as `flask practices sync` writes it
            practice = Practice(key=values.pop("key", f"practice-{n}"), **values)
            db.session.add(practice)
            db.session.commit()
        return practice
    with tenant_scope(institution):
        practice = Practice(institution_id=institution.id, **values)
        db.session.add(practice)
        db.session.commit()
    return practice


def add_export(requester_id: int, **fields):
    """Add (not commit) a report PDF export of `requester_id`, running at 40% unless told."""
    from careercenter.reports.models import Export, ExportStatus

    values = {
        "kind": "pdf",
        "filters": {"described": "All cohorts"},
        "status": ExportStatus.RUNNING,
        "progress": 40,
        "step": "Laying out pages",
        "filename": "readiness.pdf",
        "content_type": "application/pdf",
    }
    export = Export(requester_id=requester_id, **{**values, **fields})
    db.session.add(export)
    return export
