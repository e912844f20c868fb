"""Outgoing mail: built in the request, delivered by a background job after the commit.

Delivery goes through SMTP when configured, otherwise to files in the outbox folder (and
the log), so `make run` shows every mail and its links.
"""

from __future__ import annotations

import smtplib
from datetime import UTC, datetime
from email import message_from_string, policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path

from flask import current_app

from .jobs import enqueue_after_commit


def build_message(to: str, subject: str, body: str) -> EmailMessage:
    """Return a plain-text message from the configured sender."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=_sender_domain())
    message.set_content(body)
    return message


def send_mail(to: str, subject: str, body: str) -> None:
    """Send a plain-text message once the current transaction commits (never on rollback)."""
    enqueue_after_commit(deliver, build_message(to, subject, body).as_string())


def deliver(raw: str) -> None:
    """Hand a built message to the SMTP server, or keep it in the outbox (a background job)."""
    config = current_app.config
    message = message_from_string(raw, policy=policy.default)
    to, subject = str(message["To"]), str(message["Subject"])
    if config.get("MAIL_SERVER"):
        smtp = smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=15)
        try:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(message)  # a failure up to here is retried by the job
        except BaseException:
            smtp.close()
            raise
        current_app.logger.info("Mail sent to %s: %s", to, subject)
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):  # accepted already: a retry would send it twice
            smtp.close()
        return
    outbox = Path(config["MAIL_OUTBOX"])
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    safe_to = "".join(ch if ch.isalnum() or ch in "@.-_" else "_" for ch in to)
    path = outbox / f"{stamp}-{safe_to}.eml"
    path.write_bytes(bytes(message))
    current_app.logger.info("Mail to %s written to %s:\n%s", to, path, message.get_content())


def _sender_domain() -> str:
    """Name the sender's domain in Message-IDs (never the host name: no DNS lookup per mail)."""
    _name, address = parseaddr(current_app.config["MAIL_SENDER"])
    return address.partition("@")[2] or "careercenter.invalid"
