"""Export files in an S3-compatible bucket (moto's S3 server on 127.0.0.1), and the default."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from careercenter.audit import AuditEvent
from careercenter.cohorts.models import CohortStudent
from careercenter.config_checks import ConfigError, parse_bucket_url
from careercenter.extensions import db
from careercenter.readiness.queries import aware
from careercenter.reports import background
from careercenter.reports.models import Export, ExportStatus
from careercenter.reports.records import ERASED
from careercenter.tenancy import clock
from careercenter.tenancy.models import Role
from careercenter.tenancy.scoping import tenant_scope
from tests import factories
from tests.conftest import make_app

from .conftest import s3_settings


def _start(client, tenant) -> str:
    """Start a background export of the whole report; return its page's URL."""
    with tenant_scope(tenant.institution):
        tenant.institution.export_background_threshold = 0  # every PDF in the background
        db.session.merge(tenant.institution)
        db.session.commit()
    assert client.get(f"/{tenant.slug}/reports/readiness.pdf").status_code == 202
    response = client.post(f"/{tenant.slug}/reports/exports", data={})
    assert response.status_code == 303
    return response.headers["Location"]


def _export(url: str) -> Export:
    db.session.expire_all()
    return db.session.get(Export, int(url.rsplit("/", 1)[1]))


def _expire(export: Export) -> None:
    """Move `export`'s expiry to a second ago (the session would not survive a day)."""
    with tenant_scope(export.requester.institution):
        export.expires_at = clock.utc_now() - timedelta(seconds=1)
        db.session.merge(export)
        db.session.commit()


def _no_render(monkeypatch):
    """Make any PDF render fail: a download must send the stored bytes, not lay out again."""

    def refuse(*args, **kwargs):
        raise AssertionError("a finished export was rendered again")

    monkeypatch.setattr(background, "report_pdf", refuse)
    monkeypatch.setattr("careercenter.reports.exports.render_pdf", refuse)


def test_the_job_writes_to_the_bucket_and_the_requester_downloads_it(
    world, auth, client, arrange, bucket, runner, monkeypatch
):
    a = world.a
    auth.login_as(a.admin)
    url = _start(client, a)
    assert client.get(f"{url}/status").get_json()["status"] == "done"
    export = _export(url)
    (key,) = bucket.keys()
    assert key.startswith(f"{bucket.prefix}{a.institution.id}/{export.id}-")
    assert export.location == f"s3://{bucket.name}/{key}" and export.data is None
    stored = bucket.read(key)
    assert stored.startswith(b"%PDF") and export.size == len(stored)

    _no_render(monkeypatch)
    response = client.get(f"{url}/download", buffered=False)
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Length"] == str(len(stored))
    assert response.headers["Content-Disposition"] == f'attachment; filename="{export.filename}"'
    assert response.get_data() == stored
    actions = db.session.execute(select(AuditEvent.action)).scalars().all()
    assert "reports.export_downloaded" in actions

    # Another admin of the institution, or anyone of another, gets 404: not even a redirect.
    for other in (factories.create_member(a.institution, Role.ADMIN), world.b.admin):
        auth.logout()
        auth.login_as(other)
        slug = other.institution.slug
        path = url.replace(f"/{a.slug}/", f"/{slug}/")
        assert client.get(f"{path}/download").status_code == 404
    # A day later the requester is refused too, and the purge deletes the object and the row.
    auth.logout()
    auth.login_as(a.admin)
    _expire(export)
    assert client.get(f"{url}/download").status_code == 404
    assert runner.invoke(args=["reports", "purge"]).output == "Deleted 1 expired export(s).\n"
    assert bucket.keys() == []
    assert db.session.execute(select(Export.id)).first() is None


def test_database_storage_is_the_default(world, auth, client, arrange, app, monkeypatch):
    assert app.config["EXPORT_STORAGE_URL"] is None
    a = world.a
    auth.login_as(a.admin)
    url = _start(client, a)
    export = _export(url)
    assert export.status is ExportStatus.DONE and export.location is None
    assert export.data.startswith(b"%PDF")
    _no_render(monkeypatch)
    response = client.get(f"{url}/download")
    assert response.status_code == 200 and response.get_data() == export.data


def test_an_unreachable_bucket_fails_the_export_with_a_message(
    world, auth, client, arrange, app, monkeypatch, closed_port
):
    settings = s3_settings(f"http://127.0.0.1:{closed_port}", "s3://exports/campus")
    for key, value in settings.items():
        monkeypatch.setitem(app.config, key, value)
    a = world.a
    auth.login_as(a.admin)
    url = _start(client, a)
    assert client.get(f"{url}/status").get_json()["status"] == "failed"
    page = client.get(url)
    assert page.status_code == 200
    assert "The export failed: The file store (S3) did not answer, so the file was not saved" in (
        page.get_data(as_text=True)
    )
    assert client.get(f"{url}/download").status_code == 404


def test_a_missing_bucket_is_named_in_the_failure(world, auth, client, arrange, bucket, app):
    app.config["EXPORT_STORAGE_URL"] = f"s3://{bucket.name}-gone"
    a = world.a
    auth.login_as(a.admin)
    url = _start(client, a)
    export = _export(url)
    assert export.status is ExportStatus.FAILED
    assert export.error == (
        "The file store (S3) refused to store the file (NoSuchBucket): tell your administrator"
    )


def test_a_bucket_gone_away_answers_503_and_the_purge_waits(
    world, auth, client, arrange, bucket, app, runner, monkeypatch, closed_port
):
    a = world.a
    auth.login_as(a.admin)
    url = _start(client, a)
    app.config["S3_ENDPOINT_URL"] = f"http://127.0.0.1:{closed_port}"
    response = client.get(f"{url}/download")
    assert response.status_code == 503
    assert "did not answer, so the file was not sent" in response.get_data(as_text=True)
    export = _export(url)
    _expire(export)
    result = runner.invoke(args=["reports", "purge"])
    assert result.exit_code == 1 and "those in the bucket are deleted by the next run" in (
        result.output
    )
    assert db.session.execute(select(Export.id)).scalar_one() == export.id  # kept for a retry
    app.config["S3_ENDPOINT_URL"] = bucket.client.meta.endpoint_url
    assert runner.invoke(args=["reports", "purge"]).output == "Deleted 1 expired export(s).\n"
    assert bucket.keys() == []


def test_removing_a_student_deletes_the_files_that_may_list_them(
    world, auth, client, arrange, bucket, monkeypatch
):
    a = world.a
    auth.login_as(a.admin)
    earlier = _export(_start(client, a))
    later_on = aware(earlier.created_at) + timedelta(minutes=5)
    monkeypatch.setattr(clock, "utc_now", lambda: later_on)
    student = factories.create_member(a.institution, Role.STUDENT, name="Quinn Leaving")
    with tenant_scope(a.institution):
        db.session.add(CohortStudent(cohort_id=a.cohort.id, membership_id=student.id))
        db.session.commit()
    monkeypatch.setattr(clock, "utc_now", lambda: later_on + timedelta(minutes=1))
    listing = client.post(f"/{a.slug}/reports/exports", data={"term": ""}).headers["Location"]
    with_them = _export(listing)
    assert with_them.id != earlier.id and len(bucket.keys()) == 2

    response = client.post(
        f"/{a.slug}/records/members/{student.id}/remove",
        data={"confirm_name": "Quinn Leaving", "version": str(student.version)},
    )
    assert response.status_code == 302
    gone = _export(listing)
    kept = db.session.get(Export, earlier.id)
    assert gone.status is ExportStatus.FAILED and gone.error == ERASED
    assert client.get(f"{listing}/download").status_code == 404
    page = client.get(listing).get_data(as_text=True)
    assert "The export failed: The file was deleted when a student" in page
    assert kept.status is ExportStatus.DONE  # made before they joined: it cannot list them
    assert bucket.keys() == [kept.location.split("/", 3)[3]]


def test_a_removal_during_the_render_keeps_the_file_out(
    world, auth, client, arrange, bucket, monkeypatch
):
    render = background.report_pdf

    def render_then_removal(*args, **kwargs):
        made = render(*args, **kwargs)
        # What `erase_exports` does, committed while the job holds the rendered file.
        db.session.execute(
            update(Export).values(status=ExportStatus.FAILED, error=ERASED),
            execution_options={"synchronize_session": False},
        )
        db.session.commit()
        return made

    monkeypatch.setattr(background, "report_pdf", render_then_removal)
    auth.login_as(world.a.admin)
    export = _export(_start(client, world.a))
    assert export.status is ExportStatus.FAILED and export.error == ERASED
    assert export.location is None and bucket.keys() == []  # written, then deleted


@pytest.mark.parametrize(
    ("url", "parsed"),
    [
        (None, None),
        ("", None),
        ("database", None),
        ("s3://careercenter-exports", ("careercenter-exports", "")),
        ("s3://careercenter-exports/prod/exports/", ("careercenter-exports", "prod/exports/")),
    ],
)
def test_storage_urls(url, parsed):
    assert parse_bucket_url(url) == parsed


@pytest.mark.parametrize("url", ["ftp://x/y", "s3://", "s3://Upper_Case", "/var/exports"])
def test_a_storage_url_that_is_neither_is_refused_at_start_up(url, db_url):
    with pytest.raises(ConfigError, match="EXPORT_STORAGE_URL"):
        make_app(db_url, EXPORT_STORAGE_URL=url)


def test_the_environment_names_the_bucket_and_boto3_must_be_there(monkeypatch, tmp_path):
    import importlib.util

    from flask import Flask

    from careercenter.config import TestConfig, load_config

    monkeypatch.setenv("EXPORT_STORAGE_URL", "s3://campus-exports/production")
    monkeypatch.setenv("S3_ENDPOINT_URL", "https://minio.example.edu:9000")
    app = Flask(__name__, instance_path=str(tmp_path))
    load_config(app, TestConfig)
    assert app.config["EXPORT_STORAGE_URL"] == "s3://campus-exports/production"
    assert app.config["S3_ENDPOINT_URL"] == "https://minio.example.edu:9000"
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *args: None)
    with pytest.raises(ConfigError, match=r"pip install 'careercenter\[s3\]'"):
        load_config(Flask(__name__, instance_path=str(tmp_path)), TestConfig)
