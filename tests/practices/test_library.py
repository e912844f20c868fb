"""The practice library: sync, visibility per institution, and write guards."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from careercenter.extensions import db
from careercenter.practices.models import Practice, visible_practices
from careercenter.practices.sync import LIBRARY, load_library, sync_library
from careercenter.tenancy.scoping import CrossTenantWriteError, tenant_scope
from tests import factories


def test_library_file_has_enough_valid_practices():
    entries = load_library()
    assert len(entries) >= 24
    assert {e["category"] for e in entries} >= {"research", "blueprint", "second-interview"}


def test_sync_is_idempotent_and_updates_text(arrange, tmp_path):
    assert sync_library() == (48, 0)
    assert sync_library() == (0, 0)
    changed = tmp_path / "library.toml"
    text = LIBRARY.read_text(encoding="utf-8")
    changed.write_text(
        text.replace(
            'title = "Map the principal duties of the role"',
            'title = "Map the main duties of the role"',
        ),
        encoding="utf-8",
    )
    assert sync_library(changed) == (0, 1)
    total = db.session.execute(select(func.count()).select_from(Practice)).scalar_one()
    assert total == 48
    title = db.session.execute(
        select(Practice.title).where(Practice.key == "research-principal-duties")
    ).scalar_one()
    assert title == "Map the main duties of the role"


def test_sync_command(runner, arrange):
    result = runner.invoke(args=["practices", "sync"])
    assert result.exit_code == 0 and "48 added" in result.output


def test_each_institution_sees_globals_and_its_own_only(world, arrange):
    glob = factories.create_practice(None, title="Global one")
    mine = factories.create_practice(world.a.institution, title="Alpha's own")
    theirs = factories.create_practice(world.b.institution, title="Beta's own")
    with tenant_scope(world.a.institution):
        ids = set(db.session.execute(visible_practices()).scalars())
    assert {p.id for p in ids} == {glob.id, mine.id}
    assert theirs.id not in {p.id for p in ids}


def test_admin_adds_edits_and_retires_own_practice(world, auth, client):
    auth.login_as(world.a.admin)
    slug = world.a.slug
    response = client.post(
        f"/{slug}/practices/new",
        data={
            "title": "Visit the career fair",
            "guidance": "Bring **ten** résumés.",
            "category": "readiness",
            "competency": "Professionalism",
        },
    )
    assert response.status_code == 302
    url = response.headers["Location"]
    page = client.get(url).get_data(as_text=True)
    assert "<strong>ten</strong>" in page
    practice_id = int(url.rstrip("/").rsplit("/", 1)[1])
    edit = client.get(f"/{slug}/practices/{practice_id}/edit").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in edit
    data = {
        "title": "Visit the spring career fair",
        "guidance": "Bring résumés.",
        "category": "readiness",
        "competency": "Professionalism",
        "version": "1",
    }
    assert client.post(f"/{slug}/practices/{practice_id}/edit", data=data).status_code == 302
    stale = client.post(f"/{slug}/practices/{practice_id}/edit", data={**data, "title": "Old"})
    assert stale.status_code == 409 and "Someone else changed" in stale.get_data(as_text=True)
    client.post(f"/{slug}/practices/{practice_id}/retire")
    assert "Retired" in client.get(f"/{slug}/practices/{practice_id}").get_data(as_text=True)
    auth.logout()
    auth.login_as(world.a.student)
    assert client.get(f"/{slug}/practices/{practice_id}").status_code == 404  # retired


def test_global_practices_are_read_only_to_institutions(world, auth, client):
    glob = factories.create_practice(None, title="Global one")
    auth.login_as(world.a.admin)
    slug = world.a.slug
    data = {
        "title": "Hijacked",
        "guidance": "x",
        "category": "readiness",
        "competency": "Teamwork",
        "version": "1",
    }
    assert client.get(f"/{slug}/practices/{glob.id}/edit").status_code == 403
    assert client.post(f"/{slug}/practices/{glob.id}/edit", data=data).status_code == 403
    assert client.post(f"/{slug}/practices/{glob.id}/retire").status_code == 403


def test_another_institutions_practice_is_not_found(world, auth, client):
    theirs = factories.create_practice(world.b.institution, title="Beta's own")
    auth.login_as(world.a.admin)
    slug = world.a.slug
    for url in ("", "/edit"):
        assert client.get(f"/{slug}/practices/{theirs.id}{url}").status_code == 404
    assert client.post(f"/{slug}/practices/{theirs.id}/edit", data={}).status_code == 404
    assert client.post(f"/{slug}/practices/{theirs.id}/hide").status_code == 404


def test_flush_guard_refuses_writes_to_global_or_foreign_practices(world, arrange):
    glob = factories.create_practice(None, title="Global one")
    theirs = factories.create_practice(world.b.institution)
    for target in (glob, theirs):
        with tenant_scope(world.a.institution):
            practice = db.session.get(Practice, target.id)
            practice.title = "Changed"
            with pytest.raises(CrossTenantWriteError):
                db.session.flush()
            db.session.rollback()


def test_hiding_a_global_practice_is_per_institution(world, auth, client):
    glob = factories.create_practice(None, title="Hide me please")
    auth.login_as(world.a.admin)
    assert client.post(f"/{world.a.slug}/practices/{glob.id}/hide").status_code == 302
    assert "Hidden" in client.get(f"/{world.a.slug}/practices").get_data(as_text=True)
    auth.logout()
    auth.login_as(world.a.student)
    assert "Hide me please" not in client.get(f"/{world.a.slug}/practices").get_data(as_text=True)
    assert client.get(f"/{world.a.slug}/practices/{glob.id}").status_code == 404
    auth.logout()
    auth.login_as(world.b.student)
    assert "Hide me please" in client.get(f"/{world.b.slug}/practices").get_data(as_text=True)


def test_browse_filters(world, auth, client):
    factories.create_practice(
        None,
        title="Research the employer",
        category="research",
        competency="Critical Thinking",
        guidance="Look at annual reports.",
    )
    factories.create_practice(None, title="Polish your résumé", category="readiness")
    auth.login_as(world.a.student)
    slug = world.a.slug
    page = client.get(f"/{slug}/practices?category=research").get_data(as_text=True)
    assert "Research the employer" in page and "Polish your" not in page
    page = client.get(f"/{slug}/practices?q=annual+reports").get_data(as_text=True)
    assert "Research the employer" in page and "Polish your" not in page
    page = client.get(f"/{slug}/practices?competency=Communication").get_data(as_text=True)
    assert "Polish your" in page and "Research the employer" not in page


def test_guidance_is_escaped():
    from careercenter.practices.text import guidance_html

    html = str(guidance_html("<script>x</script> **bold**\n\n- one\n- two"))
    assert "&lt;script&gt;" in html and "<strong>bold</strong>" in html and "<li>two</li>" in html
