"""Outgoing mail: SMTP when configured, otherwise files in the outbox folder (and the log)."""

from __future__ import annotations

import smtplib
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

from flask import current_app


def send_mail(to: str, subject: str, body: str) -> None:
    """Send a plain-text message, or keep it in the outbox so local links can be followed."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    if config.get("MAIL_SERVER"):
        with smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=15) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(message)
        current_app.logger.info("Mail sent to %s: %s", to, subject)
        return
    outbox = Path(config["MAIL_OUTBOX"])
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    safe_to = "".join(ch if ch.isalnum() or ch in "@.-_" else "_" for ch in to)
    path = outbox / f"{stamp}-{safe_to}.eml"
    path.write_bytes(bytes(message))
    current_app.logger.info("Mail to %s written to %s:\n%s", to, path, body)
