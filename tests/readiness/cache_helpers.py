"""A cohort with a checklist, and readers of what the dashboard and the student home show."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from careercenter.checklists.models import Assignment, ChecklistItem, ChecklistVersion
from careercenter.cohorts.models import Cohort
from careercenter.extensions import db
from careercenter.tenancy.models import Institution, Membership
from careercenter.tenancy.scoping import tenant_scope
from tests import factories

ITEMS = [
    {"title": "Résumé", "competency": "Communication"},
    {"title": "Mock interview", "competency": "Professionalism", "needs_verification": True},
]
ROW = re.compile(
    r'<th scope="row"><a href="[^"]*">(?P<name>[^<]+)</a></th>\s*'
    r'<td><span class="pill[^"]*">(?P<level>[^<]+)</span></td>\s*'
    r"<td>(?P<score>\d+)</td>\s*<td>(?P<overdue>\d+)</td>\s*<td>[^<]*</td>\s*"
    r"<td>(?P<percent>\d+)%</td>"
)


@dataclass
class Setup:
    tenant: factories.Tenant
    cohort: Cohort
    version: ChecklistVersion
    assignment: Assignment
    items: list[ChecklistItem]

    @property
    def url(self) -> str:
        return f"/{self.tenant.slug}/cohorts/{self.cohort.id}"

    def load(self, model, ident):
        """Return a fresh row of the tenant (for services that take ORM objects)."""
        db.session.expire_all()
        return db.session.get(model, ident)


def cohort_with_checklist(tenant, due_on: date | None = None) -> Setup:
    """Give the tenant's cohort (advisor + student) a two-item required checklist."""
    version = factories.create_checklist(tenant.institution, ITEMS)
    due = due_on or date.today() + timedelta(days=14)
    assignment = factories.assign_checklist(tenant.institution, tenant.cohort, version, due)
    return Setup(
        tenant, tenant.cohort, version, assignment, factories.items_of(tenant.institution, version)
    )


def board(client, url: str) -> dict:
    """Return what the dashboard shows: the number of students and each row's values."""
    response = client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    total = int(re.search(r"Readiness of (\d+) student", html).group(1))
    rows = {
        m["name"]: (m["level"], int(m["score"]), int(m["overdue"]), int(m["percent"]))
        for m in ROW.finditer(html)
    }
    return {"total": total, "rows": rows}


def home(client, slug: str) -> str:
    """Return the readiness section of the student's home page."""
    response = client.get(f"/{slug}/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    start = html.index('id="readiness-heading"')
    return html[start : html.index("</section>", start)]


def version_of(cohort: Cohort) -> int:
    """Return the cohort's readiness version as the database has it now."""
    db.session.expire_all()
    with tenant_scope(db.session.get(Institution, cohort.institution_id)):
        return db.session.execute(
            select(Cohort.readiness_version).where(Cohort.id == cohort.id)
        ).scalar_one()


def in_tenant(tenant, action):
    """Run `action()` in the tenant's scope and commit, as a request of another worker would."""
    with tenant_scope(tenant.institution):
        result = action()
        db.session.commit()
    return result


def membership(tenant, member) -> Membership:
    with tenant_scope(tenant.institution):
        db.session.expire_all()
        return db.session.get(Membership, member.id)


def member_version_of(member: Membership) -> int:
    """Return the membership's readiness version as the database has it now."""
    db.session.expire_all()
    with tenant_scope(db.session.get(Institution, member.institution_id)):
        return db.session.execute(
            select(Membership.readiness_version).where(Membership.id == member.id)
        ).scalar_one()
