"""The digest's systemd units: a daily timer starting the command as the app's user."""

from __future__ import annotations

import configparser
from pathlib import Path

SYSTEMD = Path(__file__).resolve().parents[2] / "deploy" / "systemd"


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(SYSTEMD / name)
    return parser


def test_a_daily_timer_starts_the_digest_command():
    timer = _unit("careercenter-digest.timer")
    assert timer["Timer"]["OnCalendar"].startswith("*-*-* ")
    assert timer["Timer"]["Persistent"] == "true"
    service = _unit("careercenter-digest.service")["Service"]
    assert service["Type"] == "oneshot" and service["User"] == "careercenter"
    assert service["ExecStart"].endswith("flask notifications digest")
    assert service["EnvironmentFile"] == "/etc/careercenter/careercenter.env"
    readme = (SYSTEMD.parent / "README.md").read_text()
    assert "careercenter-digest.timer" in readme and "flask notifications digest" in readme


def test_the_digest_command_exists(app):
    result = app.test_cli_runner().invoke(args=["notifications", "digest", "--help"])
    assert result.exit_code == 0 and "digest" in result.output
