"""The deploy folder: gunicorn settings, backups without a visible password, the nginx site."""

from __future__ import annotations

import os
import runpy
import shutil
import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def _gunicorn_settings(monkeypatch, **env) -> dict:
    for name in [n for n in os.environ if n.startswith("GUNICORN_")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))


def test_gunicorn_defaults_fit_the_machine_behind_nginx(monkeypatch):
    settings = _gunicorn_settings(monkeypatch)
    assert settings["workers"] == (os.cpu_count() or 1)
    assert settings["worker_class"] == "gthread"
    assert settings["bind"] == "127.0.0.1:8000"
    assert settings["wsgi_app"] == "careercenter:create_app()"
    assert "127.0.0.1" in settings["forwarded_allow_ips"]
    assert settings["accesslog"] == "-"


def test_gunicorn_settings_come_from_the_environment(monkeypatch):
    settings = _gunicorn_settings(
        monkeypatch, GUNICORN_WORKERS="3", GUNICORN_THREADS="2", GUNICORN_ACCESSLOG=""
    )
    assert (settings["workers"], settings["threads"], settings["accesslog"]) == (3, 2, None)


def test_backup_keeps_the_newest_dumps(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "pg_dump"
    fake.write_text(
        '#!/bin/sh\nfor a; do case "$a" in --file=*) echo dump > "${a#--file=}";; esac; done\n'
    )
    fake.chmod(0o755)
    backups = tmp_path / "backups"
    backups.mkdir()
    for day in range(1, 5):
        old = backups / f"careercenter-2026010{day}T000000Z.dump"
        old.write_text("old")
        os.utime(old, (1_767_000_000 + day * 86400,) * 2)
    env = {
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "DATABASE_URL": "postgresql+psycopg://cc@127.0.0.1/cc",
        "BACKUP_DIR": str(backups),
        "BACKUP_KEEP": "3",
    }
    subprocess.run(["sh", str(DEPLOY / "backup.sh")], env=env, check=True, capture_output=True)
    kept = sorted(p.name for p in backups.iterdir())
    assert len(kept) == 3
    assert "careercenter-20260104T000000Z.dump" in kept
    assert "careercenter-20260103T000000Z.dump" in kept
    assert not any(name.endswith(".partial") for name in kept)


def test_backup_keeps_the_password_off_the_command_line(tmp_path):
    """pg_dump's arguments are public (ps); the password goes through a 0600 PGPASSFILE."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    seen = tmp_path / "seen"
    fake = bin_dir / "pg_dump"
    fake.write_text(
        "#!/bin/sh\n"
        f'echo "$@" > {seen}/args\n'
        f'cp "$PGPASSFILE" {seen}/passfile && stat -c %a "$PGPASSFILE" > {seen}/mode\n'
        f'echo "$PGPASSFILE" > {seen}/path\n'
        'for a; do case "$a" in --file=*) echo dump > "${a#--file=}";; esac; done\n'
    )
    fake.chmod(0o755)
    seen.mkdir()
    env = {
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "DATABASE_URL": "postgresql://cc:s3cr%3At%40pw\\x@db.internal:5433/cc?sslmode=require",
        "BACKUP_DIR": str(tmp_path / "backups"),
        "TMPDIR": str(tmp_path),
    }
    subprocess.run(["sh", str(DEPLOY / "backup.sh")], env=env, check=True, capture_output=True)
    args = (seen / "args").read_text()
    assert "s3cr" not in args
    assert "--dbname=postgresql://cc@db.internal:5433/cc?sslmode=require" in args
    # The password, percent-decoded and escaped as .pgpass wants (\\ and \:).
    assert (seen / "passfile").read_text() == "*:*:*:*:s3cr\\:t@pw\\\\x\n"
    assert (seen / "mode").read_text().strip() == "600"
    assert not Path((seen / "path").read_text().strip()).exists()  # removed afterwards


def test_backup_refuses_a_database_that_is_not_postgresql(tmp_path):
    env = {"PATH": os.environ["PATH"], "DATABASE_URL": "sqlite:////tmp/x.db"}
    env["BACKUP_DIR"] = str(tmp_path)
    done = subprocess.run(["sh", str(DEPLOY / "backup.sh")], env=env, capture_output=True)
    assert done.returncode == 2


NGINX_SITE = DEPLOY / "nginx" / "careercenter.conf"


def test_nginx_drops_unknown_hosts_and_limits_sign_in_and_pdfs():
    site = NGINX_SITE.read_text()
    default = site.split("server {")[1]  # the first server block is the catch-all
    assert "listen 443 ssl default_server;" in default and "listen 80 default_server;" in default
    assert "return 444;" in default and "ssl_reject_handshake on;" in default
    signin = site.split("location ~ ^/(login|password/|invitations/)")[1].split("}")[0]
    assert "limit_req zone=careercenter_signin" in signin
    pdf = site.split(r"location ~ ^/[a-z0-9-]+/blueprints/[0-9]+\.pdf$")[1].split("}")[0]
    assert "limit_req zone=careercenter_pdf" in pdf


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_nginx_accepts_the_site(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    openssl = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=careers.example.edu"
    subprocess.run(
        [*openssl.split(), "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True
    )
    site = NGINX_SITE.read_text()
    site = site.replace("/etc/letsencrypt/live/careers.example.edu/fullchain.pem", str(cert))
    site = site.replace("/etc/letsencrypt/live/careers.example.edu/privkey.pem", str(key))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{ include {tmp_path}/site.conf; }}\n"
    )
    done = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
