"""Build one member's records as a ZIP: a JSON file per section, the files sections add, and a
README saying what each file holds. One student's records fit in memory (a few blueprints and
their PDFs), so the ZIP is built in memory and sent in one response."""

from __future__ import annotations

import io
import json
import re
import unicodedata
import zipfile
from datetime import datetime

from ..record_sections import sections
from ..tenancy.models import Membership

README = """Your records at {institution}, as of {moment} (UTC)

This archive holds everything Career Center keeps about you in {institution}, one file per
kind of record. Dates and times are ISO 8601; times are in UTC.

{files}
Your account itself (your sign-in) is shared by every institution you belong to; another
institution's records are downloaded there.
"""


def archive_name(membership: Membership, moment: datetime) -> str:
    """Return a safe ASCII file name such as "records-alpha-Zoe-Martin-2026-11-30.zip"."""
    raw = f"records {membership.institution.slug} {membership.display_name}"
    text = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:100]
    return f"{slug or 'records'}-{moment:%Y-%m-%d}.zip"


def build_archive(membership: Membership, moment: datetime) -> tuple[bytes, list[str]]:
    """Return the ZIP of `membership`'s records and the names of the sections in it."""
    buffer = io.BytesIO()
    listing = []
    names = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for section in sections():
            collected = section.collect(membership)
            body = json.dumps(collected.data, indent=2, ensure_ascii=False, default=str)
            archive.writestr(f"{section.name}.json", body + "\n")
            listing.append(f"- {section.name}.json: {section.description}")
            for path, data in sorted(collected.files.items()):
                archive.writestr(path, data)
            names.append(section.name)
        archive.writestr(
            "README.txt",
            README.format(
                institution=membership.institution.name,
                moment=moment.strftime("%Y-%m-%d %H:%M"),
                files="\n".join(listing) + "\n",
            ),
        )
    return buffer.getvalue(), names
