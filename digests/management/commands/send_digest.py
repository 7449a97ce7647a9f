"""Send someone their digest now, whatever their schedule: for operators and for trying
the demo (`make run`, then `python manage.py send_digest demo@example.com`)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from digests.emails import digests_send
from digests.models import Digest
from profiles.models import User


class Command(BaseCommand):
    help = "Compose and send a digest to these people now (it covers since their last one)."

    def add_arguments(self, parser):
        parser.add_argument("emails", nargs="+", help="the people's email addresses")

    def handle(self, *args, emails, **options):
        users = list(User.objects.filter(email__in=[e.lower() for e in emails], is_active=True))
        missing = {e.lower() for e in emails} - {u.email.lower() for u in users}
        if missing:
            raise CommandError(f"no active person with the address: {', '.join(sorted(missing))}")
        now = timezone.now()
        ids = [Digest.objects.create(user=user, due_at=now).pk for user in users]
        done = digests_send(digest_ids=ids)
        self.stdout.write(
            f"digests: {done['sent']} sent, {done['empty']} with nothing new, "
            f"{done['skipped']} not sent"
        )
