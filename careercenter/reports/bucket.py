"""Export files in an S3-compatible bucket (AWS S3, MinIO, Ceph, Garage…) through boto3.

The bucket stays private: the app streams a file to its requester after its own checks, so no
link that works for whoever holds it ever leaves the app, and the store needs no public
address. boto3 is an optional extra (`pip install careercenter[s3]`), imported here only.
Every failure of the store becomes a `StorageError` saying so; the details go to the log.
"""

from __future__ import annotations

import os
from typing import Any

from flask import current_app

from .files import StorageError, StoredFile

CHUNK = 64 * 1024
EXTENSION = "careercenter.s3"  # app.extensions key: clients by process and settings
# Messages end without a full stop: pages add what to do next.
UNREACHABLE = "The file store (S3) did not answer, so the file was not {verb}"
REFUSED = "The file store (S3) refused to {action} the file ({code}): tell your administrator"
NO_CREDENTIALS = "The app has no credentials for the file store (S3): tell your administrator"


def _settings() -> tuple:
    cfg = current_app.config
    return tuple(
        cfg.get(name)
        for name in (
            "S3_ENDPOINT_URL",
            "S3_REGION",
            "S3_ADDRESSING_STYLE",
            "S3_ACCESS_KEY_ID",
            "S3_SECRET_ACCESS_KEY",
            "S3_CONNECT_TIMEOUT",
            "S3_READ_TIMEOUT",
            "S3_MAX_ATTEMPTS",
        )
    )


def client() -> Any:
    """Return this process's S3 client for the current settings (clients are thread-safe)."""
    key = (os.getpid(), *_settings())  # an RQ work horse is a fork: its own connections
    clients = current_app.extensions.setdefault(EXTENSION, {})
    if key not in clients:
        clients[key] = _make_client(*key[1:])
    return clients[key]


def _make_client(endpoint, region, style, key_id, secret, connect, read, attempts) -> Any:
    import boto3
    from botocore.config import Config

    options: dict[str, Any] = {}
    if endpoint:
        # Other stores than AWS: path-style addressing (no wildcard DNS needed) and checksums
        # only where S3 requires them (boto3 ≥ 1.36 adds more that some stores refuse).
        options.update(
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        )
    config = Config(
        connect_timeout=connect,
        read_timeout=read,
        retries={"max_attempts": attempts, "mode": "standard"},
        s3={"addressing_style": style or ("path" if endpoint else "auto")},
        **options,
    )
    return boto3.session.Session().client(
        "s3",
        endpoint_url=endpoint or None,
        region_name=region or None,
        aws_access_key_id=key_id or None,
        aws_secret_access_key=secret or None,
        config=config,
    )


def split(location: str) -> tuple[str, str]:
    """Return (bucket, key) of an "s3://bucket/key" location."""
    bucket, _, key = location.removeprefix("s3://").partition("/")
    return bucket, key


def _failure(error: Exception, verb: str, action: str) -> StorageError:
    from botocore.exceptions import ClientError, NoCredentialsError, PartialCredentialsError

    current_app.logger.error("S3 %s failed: %s", action, error)
    if isinstance(error, NoCredentialsError | PartialCredentialsError):
        return StorageError(NO_CREDENTIALS)
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code", "error")
        return StorageError(REFUSED.format(action=action, code=code))
    return StorageError(UNREACHABLE.format(verb=verb))


def _errors() -> tuple[type[Exception], ...]:
    from botocore.exceptions import BotoCoreError, ClientError

    return (BotoCoreError, ClientError)


def put(bucket: str, key: str, data: bytes, content_type: str) -> str:
    """Write `data` to `bucket`/`key`; return its location."""
    try:
        client().put_object(Bucket=bucket, Key=key, Body=data, ContentType=content_type)
    except _errors() as error:
        raise _failure(error, "saved", "store") from error
    return f"s3://{bucket}/{key}"


def get(location: str) -> StoredFile | None:
    """Open the file at `location` to stream it, or return None when it is not there."""
    bucket, key = split(location)
    try:
        response = client().get_object(Bucket=bucket, Key=key)
    except _errors() as error:
        code = getattr(error, "response", {}).get("Error", {}).get("Code")
        if code in ("NoSuchKey", "404"):
            return None
        raise _failure(error, "sent", "send") from error
    body = response["Body"]
    return StoredFile(body.iter_chunks(CHUNK), int(response["ContentLength"]), body.close)


def delete(locations: list[str]) -> None:
    """Delete the files at `locations` (a missing one is already deleted)."""
    for location in locations:
        bucket, key = split(location)
        try:
            client().delete_object(Bucket=bucket, Key=key)
        except _errors() as error:
            raise _failure(error, "deleted", "delete") from error
