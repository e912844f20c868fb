"""`flask practices sync`: load library.toml into the global library, idempotently by key."""

from __future__ import annotations

import tomllib
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..extensions import db
from ..tenancy.scoping import unscoped
from .models import CATEGORIES, Competency, Practice

LIBRARY = Path(__file__).with_name("library.toml")
FIELDS = ("title", "guidance", "category", "competency", "source")

practices_cli = AppGroup("practices", help="The global best-practice library.")


def load_library(path: Path = LIBRARY) -> list[dict]:
    """Read and check the library file; raise ValueError naming the first bad entry."""
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get("practice", [])
    seen = set()
    competencies = {c.value for c in Competency}
    for entry in entries:
        key = entry.get("key", "")
        if not key or key in seen:
            raise ValueError(f"practice without a unique key: {key!r}")
        seen.add(key)
        if entry.get("category") not in CATEGORIES:
            raise ValueError(f"{key}: unknown category {entry.get('category')!r}")
        if entry.get("competency") not in competencies:
            raise ValueError(f"{key}: unknown competency {entry.get('competency')!r}")
        entry["guidance"] = entry.get("guidance", "").strip()
    return entries


def sync_library(path: Path = LIBRARY) -> tuple[int, int]:
    """Insert new global practices and update changed ones; return (added, updated)."""
    entries = load_library(path)
    added = updated = 0
    with unscoped():  # the global library belongs to no institution
        existing = {
            p.key: p
            for p in db.session.execute(
                select(Practice).where(Practice.institution_id.is_(None))
            ).scalars()
        }
        for entry in entries:
            practice = existing.get(entry["key"])
            if practice is None:
                db.session.add(Practice(key=entry["key"], **{f: entry[f] for f in FIELDS}))
                added += 1
            elif any(getattr(practice, f) != entry[f] for f in FIELDS):
                for f in FIELDS:
                    setattr(practice, f, entry[f])
                updated += 1
        db.session.commit()
    return added, updated


@practices_cli.command("sync")
def sync_command() -> None:
    """Load the global practice library (idempotent: matched on each practice's key)."""
    added, updated = sync_library()
    click.echo(f"Practice library: {added} added, {updated} updated.")
