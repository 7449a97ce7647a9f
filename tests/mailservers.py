"""Mail servers that misbehave, as EMAIL_BACKEND for tests: they record who was sent
what in `sent` (reset it in the test)."""

from __future__ import annotations

import smtplib


class FlakyBackend:
    """An SMTP connection that fails on its second message, like a server that hangs up."""

    sent: list = []

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        return True

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_messages(self, messages):
        if len(FlakyBackend.sent) == 1 and not getattr(FlakyBackend, "recovered", False):
            FlakyBackend.recovered = True
            raise OSError("connection reset")
        FlakyBackend.sent.extend(m.to[0] for m in messages)
        return len(messages)


class RefusingBackend(FlakyBackend):
    """A server that refuses one address for good and delivers the others."""

    refuse = ""

    def send_messages(self, messages):
        for m in messages:
            if m.to[0] == RefusingBackend.refuse:
                raise smtplib.SMTPRecipientsRefused({m.to[0]: (550, b"no such user")})
        FlakyBackend.sent.extend(m.to[0] for m in messages)
        return len(messages)


class MailboxFullBackend(FlakyBackend):
    """A server that answers "mailbox full, try later" (452) for one address."""

    full = ""

    def send_messages(self, messages):
        if messages[0].to[0] == MailboxFullBackend.full:
            raise smtplib.SMTPDataError(452, b"mailbox full")
        FlakyBackend.sent.extend(m.to[0] for m in messages)
        return len(messages)
