"""Inviting many people from CSV: every bad row reported by line, all or nothing."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from careercenter.audit import AuditEvent
from careercenter.auth.models import User
from careercenter.extensions import db
from careercenter.tenancy.models import Membership, Role

from .. import factories

GOOD = (
    "email,name,role\n"
    "lucja@uni.example,Łucja Wiśniewska,student\n"
    "  minh@uni.example , Nguyễn Thị Minh ,  STUDENT \n"
    "\n"
    'zoe@uni.example,"O\'Brien-Søndergaard, Zoë",Advisor\n'
    "=cmd@uni.example,=HYPERLINK(1),admin\n"
)


def _upload(client, slug, content, filename="people.csv"):
    """Post `content` as the file field, encoding the multipart body here.

    (Werkzeug's test client spools big bodies to a temporary file that nobody closes when
    the app refuses them early; bytes avoid the resource warning.)
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    boundary = "----careercenter-test-boundary"
    body = (
        (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return client.post(
        f"/{slug}/members/import",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def _report(page: str) -> dict[int, str]:
    """Return {line: problem text} from the page's report table."""
    rows = re.findall(r'<th scope="row">(\d+)</th><td>.*?</td><td>(.*?)</td>', page)
    return {int(line): reason for line, reason in rows}


def _count(model) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_good_file_invites_everyone(world, auth, client, outbox, arrange):
    users_before = _count(User)
    auth.login_as(world.a.admin)
    response = _upload(client, world.a.slug, GOOD)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "4 people invited" in page
    assert _count(User) == users_before + 4
    names = dict(db.session.execute(select(User.email, User.name)).all())
    assert names["lucja@uni.example"] == "Łucja Wiśniewska"
    assert names["minh@uni.example"] == "Nguyễn Thị Minh"  # trimmed, kept as written
    assert names["zoe@uni.example"] == "O'Brien-Søndergaard, Zoë"
    assert names["=cmd@uni.example"] == "=HYPERLINK(1)"  # input is stored as given
    with factories.tenant_scope(world.a.institution):
        roles = dict(
            db.session.execute(
                select(User.email, Membership.role).join(Membership, Membership.user_id == User.id)
            ).all()
        )
    assert roles["minh@uni.example"] is Role.STUDENT and roles["zoe@uni.example"] is Role.ADVISOR
    assert len(outbox.messages()) == 4
    assert "/invitations/" in outbox.to("lucja@uni.example")[0].get_content()
    invited = db.session.execute(
        select(func.count()).where(AuditEvent.action == "member.invited")
    ).scalar_one()
    assert invited == 4


def test_utf8_bom_and_crlf_are_accepted(world, auth, client, arrange):
    content = "\ufeffEmail , Name , Role\r\nbom@uni.example,Siobhán Ní Bhriain,student\r\n"
    auth.login_as(world.a.admin)
    response = _upload(client, world.a.slug, content)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert (
        db.session.execute(select(User.name).where(User.email == "bom@uni.example")).scalar_one()
        == "Siobhán Ní Bhriain"
    )


def test_every_bad_row_is_reported_and_nothing_is_created(world, arrange, auth, client, outbox):
    gone = factories.create_member(world.a.institution, Role.STUDENT, active=False)
    content = "\n".join(
        [
            "email,name,role",  # 1
            "ok@uni.example,Good Person,student",  # 2: fine on its own
            "not-an-email,Bad Email,student",  # 3
            "noname@uni.example,,student",  # 4
            f"long@uni.example,{'x' * 201},student",  # 5
            "role@uni.example,Bad Role,owner",  # 6
            "OK@uni.example,Duplicate,student",  # 7: same as line 2
            f"{world.a.student.user.email},Already Here,student",  # 8
            f"{gone.user.email},Gone Person,student",  # 9
            "short@uni.example,Too Few",  # 10
            "",  # blank lines are skipped
            "extra@uni.example,Too,Many,student",  # 12
            f"{world.b.student.user.email},Other Campus,advisor",  # 13: fine (member elsewhere)
        ]
    )
    users_before, members_before = _count(User), _count(Membership)
    auth.login_as(world.a.admin)
    response = _upload(client, world.a.slug, content)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nobody was invited" in page
    report = _report(page)
    assert sorted(report) == [3, 4, 5, 6, 7, 8, 9, 10, 12]
    assert "Email address not valid" in report[3]
    assert "Name is missing" in report[4]
    assert "longer than 200" in report[5]
    assert "owner" in report[6] and "admin, advisor, student" in report[6]
    assert "line 2" in report[7]
    assert "already a member" in report[8]
    assert "deactivated member" in report[9]
    assert "found 2" in report[10] and "found 4" in report[12]
    assert _count(User) == users_before and _count(Membership) == members_before
    assert outbox.messages() == []


def test_line_numbers_count_quoted_multiline_cells(world, auth, client):
    content = 'email,name,role\na@uni.example,"Two\nLines",student\nbad,Name,student\n'
    auth.login_as(world.a.admin)
    report = _report(_upload(client, world.a.slug, content).get_data(as_text=True))
    assert list(report) == [4]


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        ("mail,name,role\nx@uni.example,X,student\n", "people.csv", "first line must be"),
        ("email,name\nx@uni.example,X\n", "people.csv", "first line must be"),
        ("email,name,role\n", "people.csv", "no people in it"),
        ("", "people.csv", "file is empty"),
        ("email,name,role\nx@uni.example,X,student\n", "people.xlsx", "upload a .csv file"),
        ("email,name,role\nłucja@uni.example,Łucja,student\n".encode("cp1250"), "p.csv", "UTF-8"),
        (b"PK\x03\x04\x00\x00binary", "people.csv", "does not look like a CSV"),
    ],
)
def test_unreadable_files_are_refused_clearly(
    content, filename, message, world, auth, client, outbox
):
    auth.login_as(world.a.admin)
    response = _upload(client, world.a.slug, content, filename)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert outbox.messages() == []


def test_missing_file_is_refused(world, auth, client):
    auth.login_as(world.a.admin)
    response = client.post(f"/{world.a.slug}/members/import", data={})
    assert "Choose a CSV file" in response.get_data(as_text=True)


def test_too_many_rows_are_refused(world, auth, client, app, arrange):
    before, app.config["CSV_IMPORT_MAX_ROWS"] = app.config["CSV_IMPORT_MAX_ROWS"], 3
    try:
        rows = "".join(f"p{i}@uni.example,P {i},student\n" for i in range(4))
        auth.login_as(world.a.admin)
        response = _upload(client, world.a.slug, "email,name,role\n" + rows)
        assert "more than 3 people" in response.get_data(as_text=True)
        assert (
            db.session.execute(select(User).where(User.email == "p0@uni.example")).first() is None
        )
    finally:
        app.config["CSV_IMPORT_MAX_ROWS"] = before


def test_oversize_upload_gets_a_friendly_page(world, auth, client, app):
    auth.login_as(world.a.admin)
    big = "email,name,role\n" + "x@uni.example,X,student\n" * 100_000
    assert len(big) > app.config["MAX_CONTENT_LENGTH"]
    response = _upload(client, world.a.slug, big)
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "at most 2 MB" in page and f"/{world.a.slug}/members/import" in page


def test_import_page_explains_the_format(world, auth, client):
    auth.login_as(world.a.admin)
    page = client.get(f"/{world.a.slug}/members/import").get_data(as_text=True)
    assert "email,name,role" in page and 'enctype="multipart/form-data"' in page
    assert '<label for="file">' in page


def test_oversize_post_elsewhere_is_a_413_page_for_signed_in_people(world, auth, client):
    auth.login_as(world.a.admin)
    response = client.post("/logout", data=b"x" * (3 * 1024 * 1024), content_type="text/plain")
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
