"""Refuse to start production with settings an outsider could exploit.

Each check raises `ConfigError` with what is wrong and how to fix it, so a bad deployment
stops at start-up (gunicorn and `flask db upgrade` both print it) instead of serving.
"""

from __future__ import annotations

import importlib.util
import math
import re
from collections import Counter
from urllib.parse import urlsplit

from werkzeug.sansio.utils import host_is_trusted

ENV_FILE = "/etc/careercenter/careercenter.env"
MAKE_SECRET = 'python3 -c "import secrets; print(secrets.token_urlsafe(48))"'  # noqa: S105
# The placeholder shipped in deploy/careercenter.env.example (tests keep the two in step).
EXAMPLE_SECRET_KEY = "replace-me-with-the-output-of-the-command-above"  # noqa: S105
MIN_SECRET_BYTES = 32
# A random key of 32 hex digits has at least ~9 distinct characters and ~90 bits by this
# estimate; 'a' * 64, 'ab' * 32 or a word repeated fall far below.
MIN_DISTINCT_CHARACTERS = 8
MIN_ESTIMATED_BITS = 80
# Words that make up keys people type instead of generating one; a key that is little more
# than these (in any case, with any separators) is refused.
OBVIOUS_WORDS = (
    "notforproduction",
    "changeme",
    "replaceme",
    "careercenter",
    "development",
    "password",
    "example",
    "default",
    "insecure",
    "secret",
    "qwerty",
    "letmein",
    "admin",
    "flask",
    "test",
    "key",
    "dev",
    "1234567890",
    "0123456789",
)
MIN_OTHER_CHARACTERS = 20


class ConfigError(RuntimeError):
    """A setting that production must not run with."""


def check_production(cfg) -> None:
    """Check the secret key, debug mode and hosts of a production config; derive BASE_URL."""
    check_secret_key(cfg.get("SECRET_KEY"))
    if cfg.get("DEBUG"):
        raise ConfigError(
            "FLASK_DEBUG is on with CAREERCENTER_ENV=production: the debugger would let anyone "
            "who reaches an error page run code. Remove FLASK_DEBUG (and --debug) in production."
        )
    if not cfg.get("TRUSTED_HOSTS"):
        raise ConfigError(
            "Production needs SERVER_NAME (the site's host name, e.g. careers.example.edu) or "
            "TRUSTED_HOSTS (a comma-separated list): links in mails are built from the host, "
            f"and requests for any other host are refused. Set it in {ENV_FILE}."
        )
    if not cfg.get("BASE_URL"):
        cfg["BASE_URL"] = _base_url(cfg)
    base_host = urlsplit(cfg["BASE_URL"]).hostname or ""
    if not host_is_trusted(base_host, cfg["TRUSTED_HOSTS"]):
        raise ConfigError(
            f"BASE_URL names {base_host!r}, which is not in TRUSTED_HOSTS: links printed by "
            "the command line would lead to a host the site refuses. Add it, or fix BASE_URL."
        )


def check_secret_key(key: str | None) -> None:
    """Raise `ConfigError` unless `key` is long, random-looking and not a known value."""
    problem = secret_key_problem(key)
    if problem:
        raise ConfigError(
            f"SECRET_KEY {problem}. Anyone who guesses it can sign in as anyone. Make one with\n"
            f"    {MAKE_SECRET}\n"
            f"and set SECRET_KEY to it in {ENV_FILE} (changing it signs everyone out)."
        )


def secret_key_problem(key: str | None) -> str | None:
    """Say what makes `key` unfit for production, or return None."""
    if not key:
        return "is not set"
    if key.strip() == EXAMPLE_SECRET_KEY:
        return "is the example value from deploy/careercenter.env.example"
    size = len(key.encode())
    if size < MIN_SECRET_BYTES:
        return f"is too short ({size} bytes; production needs at least {MIN_SECRET_BYTES})"
    rest = re.sub(r"[^a-z0-9]", "", key.lower())
    for word in OBVIOUS_WORDS:
        rest = rest.replace(word, "")
    if len(rest) < MIN_OTHER_CHARACTERS:
        return "is made of obvious words (such as 'changeme' or 'secret'), not random characters"
    if len(set(key)) < MIN_DISTINCT_CHARACTERS or _estimated_bits(key) < MIN_ESTIMATED_BITS:
        return "repeats too few different characters to be random"
    return None


def _estimated_bits(key: str) -> float:
    """Estimate the key's entropy from its character frequencies (an upper bound, cheap)."""
    counts = Counter(key)
    return -sum(n * math.log2(n / len(key)) for n in counts.values())


def parse_hosts(value) -> list[str] | None:
    """Turn 'a.example, .b.example' (or a list) into a list of host names; None when empty."""
    if value is None:
        return None
    items = value.split(",") if isinstance(value, str) else list(value)
    hosts = [item.strip().lower() for item in items if item and item.strip()]
    return hosts or None


def server_host(server_name: str) -> str:
    """Return SERVER_NAME without its port (trusted hosts are matched without one)."""
    return urlsplit(f"//{server_name}").hostname or server_name.lower()


def _base_url(cfg) -> str:
    """Build links made outside a request from SERVER_NAME, else the first exact trusted host."""
    scheme = cfg.get("PREFERRED_URL_SCHEME") or "https"
    if cfg.get("SERVER_NAME"):
        return f"{scheme}://{cfg['SERVER_NAME']}"
    exact = [host for host in cfg["TRUSTED_HOSTS"] if not host.startswith(".")]
    if not exact:
        raise ConfigError(
            "TRUSTED_HOSTS holds only wildcards (.example.edu): set SERVER_NAME or BASE_URL, "
            "so links made outside a request (the command line) name one host."
        )
    return f"{scheme}://{exact[0]}"


BUCKET_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")  # S3's rules, loosely
ADDRESSING_STYLES = ("path", "virtual", "auto")


def parse_bucket_url(url: str | None) -> tuple[str, str] | None:
    """Return (bucket, key prefix) of EXPORT_STORAGE_URL, or None for the database.

    Raise `ConfigError` for anything but nothing, "database" or "s3://bucket[/prefix]".
    """
    if not url or url.strip() == "database":
        return None
    parts = urlsplit(url.strip())
    bucket = parts.netloc
    if parts.scheme != "s3" or not BUCKET_NAME.fullmatch(bucket) or parts.query:
        raise ConfigError(
            f"EXPORT_STORAGE_URL={url!r} is neither 'database' nor an S3 bucket such as "
            "s3://careercenter-exports/prod (bucket names: 3-63 lowercase letters, digits, "
            "dots and hyphens)."
        )
    prefix = parts.path.strip("/")
    return bucket, f"{prefix}/" if prefix else ""


def check_export_storage(cfg) -> None:
    """Check EXPORT_STORAGE_URL and, for a bucket, that boto3 is installed."""
    if parse_bucket_url(cfg.get("EXPORT_STORAGE_URL")) is None:
        return
    if importlib.util.find_spec("boto3") is None:
        raise ConfigError(
            "EXPORT_STORAGE_URL names an S3 bucket, but boto3 is not installed: "
            "pip install 'careercenter[s3]' in the app's virtualenv (workers too)."
        )
    style = cfg.get("S3_ADDRESSING_STYLE")
    if style and style not in ADDRESSING_STYLES:
        raise ConfigError(f"S3_ADDRESSING_STYLE must be one of {', '.join(ADDRESSING_STYLES)}.")
