"""An S3 protocol server for the bucket backend's tests: moto's, on 127.0.0.1, once a session."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """Start moto's S3 server on a free port for the session; skip when moto is missing."""
    server = pytest.importorskip(
        "moto.server", reason="moto[server] is not installed (pip install -e '.[dev]')"
    )
    pytest.importorskip("boto3", reason="boto3 is not installed (pip install -e '.[dev]')")
    moto = server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    host, port = moto.get_host_and_port()
    yield f"http://{host}:{port}"
    moto.stop()


@dataclass
class Bucket:
    name: str
    prefix: str
    client: Any  # a boto3 client of the test's own, to look inside

    def keys(self) -> list[str]:
        listed = self.client.list_objects_v2(Bucket=self.name)
        return [item["Key"] for item in listed.get("Contents", [])]

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


def s3_settings(endpoint: str, url: str) -> dict[str, object]:
    """Return the app settings that store exports at `url` on the server at `endpoint`."""
    return {
        "EXPORT_STORAGE_URL": url,
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": "us-east-1",
        "S3_ACCESS_KEY_ID": "testing",
        "S3_SECRET_ACCESS_KEY": "testing",  # moto accepts any
        "S3_MAX_ATTEMPTS": 1,  # a refused connection fails at once, no retry back-off
    }


@pytest.fixture
def bucket(app, s3_endpoint, monkeypatch) -> Bucket:
    """Store the app's exports in a fresh bucket of the moto server (under a prefix)."""
    import boto3

    name = f"exports-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=name)
    for key, value in s3_settings(s3_endpoint, f"s3://{name}/campus/exports").items():
        monkeypatch.setitem(app.config, key, value)
    return Bucket(name, "campus/exports/", client)


@pytest.fixture
def closed_port() -> int:
    """Return a port on 127.0.0.1 where nothing listens (connections are refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
