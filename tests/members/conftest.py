"""Helpers for the members tests: read the mail outbox, follow the links it holds."""

from __future__ import annotations

import re
from email import policy
from email.parser import BytesParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

LINK = re.compile(r"https?://\S+")


class Outbox:
    """The messages the app under test wrote to its outbox folder."""

    def __init__(self, app):
        self.app = app

    def messages(self):
        folder = Path(self.app.config["MAIL_OUTBOX"])
        if not folder.is_dir():
            return []
        parser = BytesParser(policy=policy.default)
        return [parser.parsebytes(path.read_bytes()) for path in sorted(folder.glob("*.eml"))]

    def to(self, email: str):
        return [m for m in self.messages() if m["To"] == email]

    def link_for(self, email: str, index: int = -1) -> str:
        """Return the path of the (last) link mailed to `email`."""
        body = self.to(email)[index].get_content()
        return urlsplit(LINK.search(body).group(0)).path


@pytest.fixture
def outbox(app) -> Outbox:
    return Outbox(app)
