"""Run one of the periodic jobs now, in this process: `manage.py runjob --list` names
them (the keys of CELERY_BEAT_SCHEDULE), `manage.py runjob digests` runs one. Every job
is safe to run while beat runs it too."""

from __future__ import annotations

from celery import current_app
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run a periodic job now (see --list) and print what it returned."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="the job, as named in the beat schedule")
        parser.add_argument("--list", action="store_true", help="list the jobs and their tasks")

    def handle(self, *args, name=None, list=False, **options):
        jobs = settings.CELERY_BEAT_SCHEDULE
        if list or not name:
            for job, entry in jobs.items():
                self.stdout.write(f"{job:24} {entry['task']}")
            return
        if name not in jobs:
            raise CommandError(f"no job {name!r}; known: {', '.join(jobs)}")
        current_app.loader.import_default_modules()
        task = current_app.tasks[jobs[name]["task"]]
        result = task.apply()
        if result.failed():
            raise CommandError(f"{name} failed: {result.result!r}")
        self.stdout.write(f"{name}: {result.result}")
