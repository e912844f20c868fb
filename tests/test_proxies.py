"""Behind nginx the app trusts exactly the configured number of proxy hops, never more."""

from __future__ import annotations

import pytest
from flask import request

from careercenter import create_app

from .conftest import dispose, make_app

FORWARDED = {
    "X-Forwarded-For": "203.0.113.7",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "careers.example.edu",
}


def _whoami_app(url: str, **overrides):
    app = make_app(url, **overrides)

    @app.get("/_whoami")
    def whoami():
        return {"addr": request.remote_addr, "scheme": request.scheme, "host": request.host}

    return app


@pytest.mark.parametrize(
    ("hops", "expected"),
    [
        (1, {"addr": "203.0.113.7", "scheme": "https", "host": "careers.example.edu"}),
        (0, {"addr": "127.0.0.1", "scheme": "http", "host": "localhost"}),
    ],
)
def test_forwarded_headers_are_trusted_only_when_configured(db_url, hops, expected):
    app = _whoami_app(db_url, TRUSTED_PROXIES=hops)
    try:
        response = app.test_client().get(
            "/_whoami", headers=FORWARDED, environ_base={"REMOTE_ADDR": "127.0.0.1"}
        )
        assert response.get_json() == expected
    finally:
        dispose(app)


def test_only_the_nearest_hop_is_trusted(db_url):
    app = _whoami_app(db_url, TRUSTED_PROXIES=1)
    try:
        headers = {**FORWARDED, "X-Forwarded-For": "198.51.100.1, 203.0.113.7"}
        response = app.test_client().get("/_whoami", headers=headers)
        assert response.get_json()["addr"] == "203.0.113.7"
    finally:
        dispose(app)


def test_trusted_proxies_comes_from_the_environment(db_url, monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", "1")
    monkeypatch.setenv("DATABASE_URL", db_url)
    app = create_app("test")
    try:
        assert app.config["TRUSTED_PROXIES"] == 1
        assert type(app.wsgi_app).__name__ == "ProxyFix"
    finally:
        dispose(app)
