"""The deploy folder: gunicorn settings from the environment, backup rotation."""

from __future__ import annotations

import os
import runpy
import subprocess
from pathlib import Path

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


def test_backup_refuses_a_database_that_is_not_postgresql(tmp_path):
    env = {"PATH": os.environ["PATH"], "DATABASE_URL": "sqlite:////tmp/x.db"}
    env["BACKUP_DIR"] = str(tmp_path)
    done = subprocess.run(["sh", str(DEPLOY / "backup.sh")], env=env, capture_output=True)
    assert done.returncode == 2
