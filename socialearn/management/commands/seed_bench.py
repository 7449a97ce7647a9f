"""``manage.py seed_bench``: a large synthetic company for load tests (docs/performance.md).

By default: 10,000 people in 500 groups of every kind and visibility, 50,000 threads with
500,000 replies, 2,000 library items and 200 news posts. Everybody signs in as
``bench<N>@example.com`` (N from 1) with the password ``bench-password``; their email
addresses are verified, so sign-in works with mandatory verification.

Rows are written with bulk inserts in batches, with one password hash for everybody and
Markdown rendered once per distinct text. Times are consistent: a thread's replies come
after it, and its ``reply_count`` and ``last_activity_at`` match its replies. Running it
again when bench1@example.com exists changes nothing.
"""

from __future__ import annotations

import datetime
import itertools
import random
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from content.models import LibraryItem
from discussions.models import Post, Reaction, Thread
from groups.models import Group, Membership
from groups.services import member_counts_refresh
from news.models import NewsPost
from profiles.models import Endorsement, Follow, Profile, Topic, User
from profiles.services import topics_get_or_create
from socialearn.lib.markdown import render_markdown
from socialearn.lib.text import slug_for
from socialearn.management.commands.seed_demo import (
    GENERIC_REPLIES,
    INTERESTS,
    ITEM_SPECS,
    NEWS_SPECS,
    OFFICES,
    SKILLS_BY_DEPARTMENT,
    THREAD_SPECS,
    md,
)

BENCH_PASSWORD = "bench-password"  # noqa: S105 (documented load-test login)
SEED = 2026
M = TypeVar("M", bound=models.Model)


def bench_email(n: int) -> str:
    """The sign-in of bench person n (from 1): bench1@example.com, bench2@example.com..."""
    return f"bench{n}@example.com"


# --- Corpus ---------------------------------------------------------------------------

FIRST_NAMES = (
    "Ana", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hugo", "Ines", "James",
    "Kemi", "Lars", "Maya", "Nikhil", "Olga", "Pablo", "Quinn", "Rosa", "Sanjay", "Tara",
    "Umar", "Vera", "Wei", "Ximena", "Yusuf", "Zara", "Amir", "Beatriz", "Chen", "Dmitri",
    "Esther", "Felix", "Gabriela", "Hana", "Ivan", "Julia", "Kofi", "Leila", "Marco", "Nadia",
    "Oscar", "Priya", "Rafael", "Sofia", "Tomas", "Aiko", "Bruno", "Chloe", "Diego", "Emma",
    "Fatima", "George", "Helena", "Isaac", "Jana", "Kenji", "Lucia", "Mateo", "Noor", "Owen",
)  # fmt: skip
LAST_NAMES = (
    "Adams", "Banerjee", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Huang", "Ibrahim",
    "Jensen", "Kowalski", "Lopez", "Mensah", "Novak", "Okafor", "Petrov", "Quintero", "Rossi",
    "Schmidt", "Tanaka", "Usman", "Varga", "Wong", "Yilmaz", "Zhou", "Alvarez", "Brown",
    "Carvalho", "Diallo", "Evans", "Ferreira", "Gupta", "Hansen", "Ito", "Johansson", "Kim",
    "Larsen", "Moreau", "Nguyen", "Oliveira", "Park", "Rahman", "Silva", "Taylor", "Walker",
    "Cohen", "Demir", "Kaur", "Lindqvist", "Mwangi", "Nakamura", "Otieno", "Popescu", "Reyes",
)  # fmt: skip
DEPARTMENTS: dict[str, tuple[str, ...]] = {
    "Engineering": (
        "Software Engineer", "Senior Software Engineer", "Staff Engineer", "Engineering Manager",
        "Site Reliability Engineer", "QA Engineer", "Data Engineer", "Security Engineer",
    ),
    "Product": ("Product Manager", "Product Designer", "UX Researcher", "Head of Product"),
    "Sales": (
        "Account Executive", "Sales Development Representative", "Solutions Engineer",
        "Regional Sales Director", "Sales Enablement Manager",
    ),
    "Marketing": (
        "Growth Marketer", "Content Marketing Manager", "Brand Designer", "Events Manager",
        "Marketing Analyst",
    ),
    "Customer Success": (
        "Customer Success Manager", "Support Engineer", "Onboarding Consultant",
        "Technical Account Manager",
    ),
    "People & Learning": (
        "Learning Designer", "People Partner", "Talent Acquisition Lead",
        "Learning & Development Partner", "Onboarding Specialist",
    ),
    "Finance": ("Financial Analyst", "Accountant", "FP&A Manager", "Procurement Manager"),
    "Operations": ("Operations Manager", "Workplace Coordinator", "IT Support Specialist"),
}  # fmt: skip
DEPARTMENT_WEIGHTS = (30, 8, 16, 10, 14, 7, 7, 8)
BIOS = (
    "Most of my time goes into **shipping small changes safely**. Ask me about code review "
    "and testing.",
    "I help new colleagues find their feet.\n\n*Outside work:* long runs and good coffee.",
    "Learning something new every quarter. Currently: **public speaking** and SQL.",
    "Ten years in the industry, three in this team. Happy to mentor; book a slot any time.",
    "Customer stories are my favourite part of the job. Ask me about onboarding plans.",
    "Spreadsheets, forecasts and the occasional **business case**. I answer questions in "
    "the Finance groups.",
    "I design learning that fits into a busy week: short, practical, and shared with peers.",
    "Based in the London office. Interested in accessibility, design systems and chess.",
    "Remote since 2019.\n\n- Ask me about: async work, writing things down\n- Learning: Spanish",
    "Working on data pipelines people trust. Previously in research.",
)
TOPICS = (
    "Python", "Data Engineering", "SQL", "Machine Learning", "Cloud Costs", "Kubernetes",
    "Observability", "Security", "Accessibility", "Design Systems", "Product Discovery",
    "User Research", "Public Speaking", "Negotiation", "Storytelling", "Feedback", "Coaching",
    "Project Management", "Agile Delivery", "Excel", "Financial Modelling", "Customer Onboarding",
    "Pricing", "Copywriting", "SEO", "Brand", "Leadership", "Career Growth", "Mentoring",
    "Inclusion", "Wellbeing", "Remote Work", "Technical Writing", "Testing", "Frontend",
    "Mobile", "APIs", "Privacy", "Compliance", "Procurement", "Forecasting", "Interviewing",
    "Onboarding", "Learning Design", "Data Visualisation", "Go", "TypeScript", "Rust",
    "Incident Response", "Sales Discovery", "Account Planning", "Analytics", "Automation",
)  # fmt: skip
TOPIC_PATTERNS = (
    "{t}", "{t} Guild", "{t} Community of Practice", "{t} Learning Circle", "{t} Q&A",
    "{t} Study Group",
)  # fmt: skip
TEAM_PATTERNS = ("{d} - {c}", "{d} Leads", "{d} Team Room", "{d} Onboarding", "{d} All Hands")
HOBBIES = (
    "Running", "Cycling", "Book", "Photography", "Chess", "Board Games", "Climbing", "Yoga",
    "Football", "Baking", "Gardening", "Film", "Language Exchange", "Music", "Hiking",
    "Coffee", "Volunteering", "Parents", "Pets", "Gaming",
)  # fmt: skip
COHORT_PATTERNS = (
    "New Manager Cohort - {s} {y}", "Graduate Programme {y}", "Sales Bootcamp {s} {y}",
    "Leadership Programme {s} {y}", "Onboarding Cohort {s} {y}",
)  # fmt: skip
SEASONS = ("Spring", "Summer", "Autumn", "Winter")
DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    Group.Kind.TOPIC: (
        "Everyone who wants to get better at this, from first steps to deep dives.\n\n"
        "- Questions answered by people who hit the same problem\n"
        "- Recordings and slides in the group library",
        "Bring a question, leave with a better one. Read the pinned thread before you post.",
        "A community of practice: monthly show-and-tell, a reading list and a lot of "
        "peer learning.",
    ),
    Group.Kind.TEAM: (
        "Our team room: plans, decisions and what we are learning as a team.",
        "Where the team shares **playbooks**, retros and onboarding notes.",
    ),
    Group.Kind.CLUB: (
        "All levels welcome. We meet every other week and post photos and plans here.",
        "A club for colleagues in every office. Say hello and join the next meet-up.",
    ),
    Group.Kind.COHORT: (
        "Eight weeks, one session a week, a small group of peers learning together.\n\n"
        "*What is shared here stays here.*",
        "The cohort's space: session notes, homework and questions between sessions.",
    ),
}
KIND_WEIGHTS = {
    Group.Kind.TOPIC: 40,
    Group.Kind.TEAM: 25,
    Group.Kind.CLUB: 20,
    Group.Kind.COHORT: 15,
}
VISIBILITY_WEIGHTS = {
    Group.Visibility.OPEN: 70,
    Group.Visibility.PRIVATE: 20,
    Group.Visibility.HIDDEN: 10,
}
# Clubs and cohorts are smaller than topics and teams; hidden groups are the smallest.
KIND_SIZE = {
    Group.Kind.TOPIC: 1.0,
    Group.Kind.TEAM: 0.8,
    Group.Kind.CLUB: 0.6,
    Group.Kind.COHORT: 0.25,
}
VISIBILITY_SIZE = {
    Group.Visibility.OPEN: 1.0,
    Group.Visibility.PRIVATE: 0.6,
    Group.Visibility.HIDDEN: 0.35,
}
THREAD_TITLES = (
    "How do you get started with {t}?", "{t}: what worked for you this quarter?",
    "Best resources to learn {t}", "Question about {t} in our team",
    "Share your {t} wins from this month", "Notes from this week's {t} session",
    "Who has experience with {t} at scale?", "Recording of the last {t} show-and-tell",
    "{t} reading list for the next month", "Looking for a mentor in {t}",
    "Mistakes we made with {t} (and what we learned)", "Is anyone going to the {t} meet-up?",
    "Feedback wanted on our {t} plan", "What is the one {t} habit you would recommend?",
    "{t} office hours: ask anything", "Lessons learned from a year of {t}",
    "Quick poll: how much time do you spend on {t}?", "Templates for {t} that saved you time",
    "Our {t} checklist, version 2", "Beginner question: {t} basics",
)  # fmt: skip
LIBRARY_TITLES = (
    "{t} in 20 minutes", "A beginner's guide to {t}", "{t} cheat sheet",
    "Recording: {t} show-and-tell", "Ten questions about {t}", "{t} reading list",
    "How we do {t} here", "{t}: patterns and anti-patterns",
)  # fmt: skip
NEWS_TITLES = (
    "Learning week: {t} sessions for everyone", "Learning spotlight: {t}",
    "New in the library: {t}", "Results of the {t} survey", "{t} programme opens for sign-up",
    "Congratulations to the {t} certification graduates",
)  # fmt: skip


# --- Helpers --------------------------------------------------------------------------


@contextmanager
def stored_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """Bulk inserts keep the created/updated times they are given: auto_now and
    auto_now_add would otherwise replace every one with the current time."""
    fields = [
        field
        for model in model_classes
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


class Renderer:
    """Markdown to HTML, once per distinct text."""

    def __init__(self) -> None:
        self.cache: dict[str, str] = {}

    def __call__(self, text: str) -> tuple[str, str]:
        if text not in self.cache:
            self.cache[text] = render_markdown(text)
        return text, self.cache[text]


class Phase:
    """One line per phase: what was created and how long it took; a bar on a terminal."""

    WIDTH = 30

    def __init__(self, out: OutputWrapper, name: str, total: int) -> None:
        self.out = out
        self.name = name
        self.total = max(total, 1)
        self.done_count = 0
        self.started = time.monotonic()
        self.live = out.isatty()
        self.shown = -1

    def advance(self, n: int) -> None:
        self.done_count += n
        if not self.live:
            return
        percent = min(100, 100 * self.done_count // self.total)
        if percent != self.shown:
            self.shown = percent
            filled = self.WIDTH * percent // 100
            bar = "#" * filled + "." * (self.WIDTH - filled)
            self.out.write(f"\r{self.name:<12} [{bar}] {percent:3d}%", ending="")
            self.out.flush()

    def finish(self, summary: str) -> None:
        elapsed = time.monotonic() - self.started
        clear = "\r" + " " * (self.WIDTH + 20) + "\r" if self.live else ""
        self.out.write(f"{clear}{self.name:<12} {summary:<62} {elapsed:7.1f} s")


def chunks(items: Sequence[M], size: int) -> Iterator[Sequence[M]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(frozen=True)
class Sizes:
    users: int
    groups: int
    threads: int
    posts: int
    library: int
    news: int


@dataclass
class GroupPlan:
    name: str
    slug: str
    topic: str
    kind: str
    visibility: str
    created: datetime.datetime
    end: datetime.datetime  # Last possible activity: its archiving, or now.
    archived: bool
    members: list[int]  # Indexes into the people list.
    pk: int = 0


class BenchSeeder:
    """Creates the bench company in one pass; choices come from one seeded generator."""

    def __init__(
        self,
        *,
        sizes: Sizes,
        rng: random.Random,
        now: datetime.datetime,
        batch_size: int,
        out: OutputWrapper,
    ) -> None:
        self.sizes = sizes
        self.rng = rng
        self.now = now
        self.batch_size = batch_size
        self.out = out
        self.render = Renderer()
        self.user_pks: list[int] = []
        self.joined: list[datetime.datetime] = []
        self.departments: list[str] = []
        self.groups: list[GroupPlan] = []
        self.counts: dict[str, int] = {}

    def ago(self, days: float) -> datetime.datetime:
        return self.now - datetime.timedelta(days=days)

    def insert(self, model: type[M], rows: Sequence[M], phase: Phase) -> list[M]:
        created: list[M] = []
        for chunk in chunks(rows, self.batch_size):
            created += model.objects.bulk_create(chunk)
            phase.advance(len(chunk))
        return created

    def run(self) -> dict[str, int]:
        with stored_timestamps(Profile, Group, Membership, Thread, Post, LibraryItem, NewsPost):
            self.create_people()
            self.create_groups()
            self.create_threads()
            self.create_expertise()
            self.create_library()
            self.create_news()
        return self.counts

    # People

    def create_people(self) -> None:
        rng, n_users = self.rng, self.sizes.users
        phase = Phase(self.out, "people", 3 * n_users)
        password = make_password(BENCH_PASSWORD)
        taken = set(User.objects.values_list("handle", flat=True))
        offices = list(OFFICES.values())
        bios = [self.render(md(text)) for text in BIOS]
        departments = list(DEPARTMENTS)
        users: list[User] = []
        details: list[tuple[str, str, str, str]] = []
        for n in range(1, n_users + 1):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            department = rng.choices(departments, weights=DEPARTMENT_WEIGHTS)[0]
            location, tz = rng.choice(offices)
            handle = slugify(f"{first} {last}").replace("-", ".") + str(n)
            if handle in taken:
                handle = f"bench{n}"
            joined = self.ago(rng.uniform(1, 1500))
            users.append(
                User(
                    email=bench_email(n),
                    handle=handle,
                    password=password,
                    time_zone=tz,
                    date_joined=joined,
                )
            )
            details.append(
                (f"{first} {last}", department, rng.choice(DEPARTMENTS[department]), location)
            )
            self.joined.append(joined)
            self.departments.append(department)
        users = self.insert(User, users, phase)
        self.user_pks = [user.pk for user in users]

        profiles = []
        for user, (name, department, title, location) in zip(users, details, strict=True):
            bio, bio_html = rng.choice(bios) if rng.random() < 0.75 else ("", "")
            profiles.append(
                Profile(
                    user_id=user.pk,
                    display_name=name,
                    job_title=title,
                    department=department,
                    location=location,
                    bio=bio,
                    bio_html=bio_html,
                    created_at=user.date_joined,
                    updated_at=user.date_joined,
                )
            )
        self.insert(Profile, profiles, phase)
        addresses = [
            EmailAddress(user_id=user.pk, email=user.email, verified=True, primary=True)
            for user in users
        ]
        self.insert(EmailAddress, addresses, phase)
        self.counts["people"] = len(users)
        phase.finish(f"{n_users} people, profiles and verified email addresses")

    # Groups and memberships

    def plan_groups(self) -> None:
        rng = self.rng
        taken_slugs = set(Group.objects.values_list("slug", flat=True))
        names: set[str] = set()
        offices = list(OFFICES)
        for _ in range(self.sizes.groups):
            kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
            visibility = rng.choices(
                list(VISIBILITY_WEIGHTS), weights=list(VISIBILITY_WEIGHTS.values())
            )[0]
            if kind == Group.Kind.TOPIC:
                topic = rng.choice(TOPICS)
                name = rng.choice(TOPIC_PATTERNS).format(t=topic)
            elif kind == Group.Kind.TEAM:
                topic = rng.choice(list(DEPARTMENTS))
                name = rng.choice(TEAM_PATTERNS).format(d=topic, c=rng.choice(offices))
            elif kind == Group.Kind.CLUB:
                topic = rng.choice(HOBBIES)
                name = f"{rng.choice(('', rng.choice(offices) + ' '))}{topic} Club"
            else:
                topic = rng.choice(TOPICS)
                year = rng.randint(self.now.year - 3, self.now.year)
                name = rng.choice(COHORT_PATTERNS).format(s=rng.choice(SEASONS), y=year)
            base, n = name, 2
            while name in names:
                name, n = f"{base} {n}", n + 1
            names.add(name)
            slug = base_slug = slug_for(name, max_length=72, fallback="group")
            n = 2
            while slug in taken_slugs:
                slug, n = f"{base_slug}-{n}", n + 1
            taken_slugs.add(slug)
            created = self.ago(rng.uniform(30, 1200))
            archived = rng.random() < 0.02
            end = self.ago(rng.uniform(1, 20)) if archived else self.now
            end = max(end, created + datetime.timedelta(days=7))
            self.groups.append(
                GroupPlan(
                    name=name,
                    slug=slug,
                    topic=topic,
                    kind=kind,
                    visibility=visibility,
                    created=created,
                    end=end,
                    archived=archived,
                    members=[],
                )
            )

    def plan_memberships(self) -> None:
        """Each person joins 5 to 15 groups; popular groups have thousands of members and
        the long tail a few dozen (weights fall with a random popularity rank)."""
        rng, groups = self.rng, self.groups
        ranks = list(range(len(groups)))
        rng.shuffle(ranks)
        weights = [
            (rank + 3) ** -0.85 * KIND_SIZE[g.kind] * VISIBILITY_SIZE[g.visibility]
            for rank, g in zip(ranks, groups, strict=True)
        ]
        cum = list(itertools.accumulate(weights))
        indexes = range(len(groups))
        low, high = min(5, len(groups)), min(15, len(groups))
        for person in range(len(self.user_pks)):
            wanted = rng.randint(low, high)
            chosen: set[int] = set()
            while len(chosen) < wanted:
                chosen.update(rng.choices(indexes, cum_weights=cum, k=wanted - len(chosen)))
            for g in chosen:
                groups[g].members.append(person)
        everyone = range(len(self.user_pks))
        for group in groups:
            if len(group.members) < 3:
                extra = [
                    p for p in rng.sample(everyone, min(6, len(everyone))) if p not in group.members
                ]
                group.members += extra[: 3 - len(group.members)]
            rng.shuffle(group.members)

    def create_groups(self) -> None:
        rng = self.rng
        self.plan_groups()
        self.plan_memberships()
        total_memberships = sum(len(g.members) for g in self.groups)
        phase = Phase(self.out, "groups", len(self.groups) + total_memberships)
        rows = []
        for plan in self.groups:
            description, description_html = self.render(md(rng.choice(DESCRIPTIONS[plan.kind])))
            owner = self.user_pks[plan.members[0]] if plan.members else None
            rows.append(
                Group(
                    name=plan.name,
                    slug=plan.slug,
                    description=description,
                    description_html=description_html,
                    kind=plan.kind,
                    visibility=plan.visibility,
                    created_by_id=owner,
                    archived_at=plan.end if plan.archived else None,
                    created_at=plan.created,
                    updated_at=plan.created,
                )
            )
        for plan, group in zip(self.groups, self.insert(Group, rows, phase), strict=True):
            plan.pk = group.pk

        memberships: list[Membership] = []
        for plan in self.groups:
            moderators = 1 + min(2, len(plan.members) // 500)
            for i, person in enumerate(plan.members):
                if i == 0:
                    role = Membership.Role.OWNER
                elif i <= moderators:
                    role = Membership.Role.MODERATOR
                else:
                    role = Membership.Role.MEMBER
                since = max(plan.created, self.joined[person])
                joined = since + (max(plan.end, since) - since) * rng.random()
                memberships.append(
                    Membership(
                        group_id=plan.pk,
                        user_id=self.user_pks[person],
                        role=role,
                        created_at=joined,
                        updated_at=joined,
                    )
                )
            if len(memberships) >= self.batch_size:
                self.insert(Membership, memberships, phase)
                memberships = []
        self.insert(Membership, memberships, phase)
        member_counts_refresh()
        kinds = {kind: sum(g.kind == kind for g in self.groups) for kind in Group.Kind.values}
        sizes = sorted(len(g.members) for g in self.groups)
        self.counts["groups"] = len(self.groups)
        self.counts["memberships"] = total_memberships
        phase.finish(
            f"{len(self.groups)} groups ({', '.join(f'{n} {k}' for k, n in kinds.items())}), "
            f"{total_memberships} memberships, sizes {sizes[0]}..{sizes[-1]}"
            if sizes
            else "no groups"
        )

    # Threads and replies

    def thread_corpus(self) -> list[tuple[str, str]]:
        texts = [md(spec.body) for spec in THREAD_SPECS]
        texts += [
            "What are you learning at the moment, and how do you fit it into your week?",
            "We tried a **learning hour** every Friday. Notes from the first month:\n\n"
            "1. Block the time in calendars\n2. Pick one topic per session\n"
            "3. Share what you learned here",
        ]
        return [self.render(text) for text in texts]

    def reply_corpus(self) -> list[tuple[str, str]]:
        """A few hundred replies of one to three paragraphs, from the demo's replies."""
        rng = self.rng
        sentences = [r.removeprefix("OP: ") for spec in THREAD_SPECS for r in spec.replies]
        sentences += GENERIC_REPLIES
        texts = {rng.choice(sentences) for _ in range(60)}
        while len(texts) < 300:
            texts.add("\n\n".join(rng.sample(sentences, rng.choice((2, 2, 3)))))
        return [self.render(text) for text in sorted(texts)]

    def create_threads(self) -> None:
        rng, sizes = self.rng, self.sizes
        groups = self.groups
        if not groups or not sizes.threads:
            self.counts["threads"] = self.counts["replies"] = 0
            return
        phase = Phase(self.out, "threads", sizes.threads + sizes.posts)
        bodies, replies = self.thread_corpus(), self.reply_corpus()
        # Bigger groups talk more; every thread gets a share of the replies that follows a
        # long-tailed curve (most have a few, some have hundreds, some none).
        weights = [len(g.members) ** 0.8 for g in groups]
        thread_groups = rng.choices(range(len(groups)), weights=weights, k=sizes.threads)
        reply_weights = [
            0.0 if rng.random() < 0.12 else rng.lognormvariate(0, 1.1) for _ in range(sizes.threads)
        ]
        if not any(reply_weights):
            reply_weights[0] = 1.0
        replies_per_thread = [0] * sizes.threads
        for t in rng.choices(
            range(sizes.threads),
            cum_weights=list(itertools.accumulate(reply_weights)),
            k=sizes.posts,
        ):
            replies_per_thread[t] += 1

        batch: list[tuple[Thread, list[float], GroupPlan]] = []
        n_posts = 0

        def flush() -> None:
            nonlocal n_posts
            created = self.insert(Thread, [thread for thread, _, _ in batch], phase)
            posts: list[Post] = []
            for (_, offsets, plan), thread in zip(batch, created, strict=True):
                members = plan.members
                span = thread.last_activity_at - thread.created_at
                for offset in offsets:
                    when = thread.created_at + span * offset
                    body, body_html = rng.choice(replies)
                    posts.append(
                        Post(
                            thread_id=thread.pk,
                            author_id=self.user_pks[rng.choice(members)],
                            body=body,
                            body_html=body_html,
                            created_at=when,
                            updated_at=when,
                        )
                    )
                if len(posts) >= self.batch_size:
                    self.insert(Post, posts, phase)
                    n_posts += len(posts)
                    posts = []
            self.insert(Post, posts, phase)
            n_posts += len(posts)
            batch.clear()

        for t, g in enumerate(thread_groups):
            plan = groups[g]
            life = (plan.end - plan.created).total_seconds()
            # Recent months are busier than the early days of a group.
            started = plan.created + datetime.timedelta(seconds=life * rng.random() ** 0.6)
            started = min(started, plan.end - datetime.timedelta(hours=1))
            n_replies = replies_per_thread[t]
            offsets = sorted(rng.random() for _ in range(n_replies))
            room = (plan.end - started).total_seconds()
            span = datetime.timedelta(seconds=min(room, rng.expovariate(1 / (6 * 86400))))
            last = started + span * offsets[-1] if offsets else started
            # Stored relative to the last reply: last_activity_at - created_at spans them all.
            offsets = [o / offsets[-1] for o in offsets] if offsets and offsets[-1] else offsets
            title = rng.choice(THREAD_TITLES).format(t=plan.topic)
            body, body_html = rng.choice(bodies)
            thread = Thread(
                group_id=plan.pk,
                author_id=self.user_pks[rng.choice(plan.members)],
                kind=Thread.Kind.QUESTION if rng.random() < 0.3 else Thread.Kind.DISCUSSION,
                title=title,
                slug=slug_for(title, fallback="thread"),
                body=body,
                body_html=body_html,
                last_activity_at=last,
                reply_count=n_replies,
                view_count=rng.randint(3 + 2 * n_replies, 30 + 10 * n_replies),
                is_pinned=rng.random() < 0.01,
                is_locked=rng.random() < 0.005,
                created_at=started,
                updated_at=last,
            )
            batch.append((thread, offsets, plan))
            if len(batch) >= self.batch_size // 2:
                flush()
        flush()
        self.counts["threads"] = sizes.threads
        self.counts["replies"] = n_posts
        most = max(replies_per_thread)
        phase.finish(f"{sizes.threads} threads, {n_posts} replies (up to {most} per thread)")

    # Expertise: skills, thread tags, accepted answers, helpful votes, endorsements, follows

    def create_expertise(self) -> None:
        """What the expert finder ranks by, at the scale of the rest.

        Row-by-row choices go through bulk inserts; accepted answers are one set-based
        UPDATE (each answered question accepts its first reply not by the asker).
        """
        rng = self.rng
        users = self.user_pks
        if not users:
            return
        phase = Phase(self.out, "expertise", 6)
        skill_names = sorted({n for names in SKILLS_BY_DEPARTMENT.values() for n in names})
        topics = topics_get_or_create(names=[*skill_names, *INTERESTS])
        skills, interests = topics[: len(skill_names)], topics[len(skill_names) :]
        profile_of = dict(Profile.objects.filter(user_id__in=users).values_list("user_id", "pk"))
        declared: dict[int, list[int]] = {}
        skill_rows, interest_rows = [], []
        for user_pk in users:
            chosen = rng.sample(skills, rng.randint(0, 5))
            declared[user_pk] = [t.pk for t in chosen]
            skill_rows += [
                Profile.skills.through(profile_id=profile_of[user_pk], topic_id=t.pk)
                for t in chosen
            ]
            interest_rows += [
                Profile.interests.through(profile_id=profile_of[user_pk], topic_id=t.pk)
                for t in rng.sample(interests, rng.randint(0, 3))
            ]
        for rows in (skill_rows, interest_rows):
            for chunk in chunks(rows, self.batch_size):
                rows[0].__class__.objects.bulk_create(chunk, ignore_conflicts=True)
        phase.advance(1)

        thread_pks = list(Thread.objects.values_list("pk", flat=True))
        tag_rows = [
            Thread.tags.through(thread_id=pk, topic_id=t.pk)
            for pk in thread_pks
            for t in rng.sample(skills, rng.choice((0, 1, 1, 2)))
        ]
        for chunk in chunks(tag_rows, self.batch_size):
            Thread.tags.through.objects.bulk_create(chunk, ignore_conflicts=True)
        phase.advance(1)

        first_answer = (
            Post.objects.filter(thread=models.OuterRef("pk"))
            .exclude(author=models.OuterRef("author"))
            .order_by("created_at", "pk")
            .values("pk")[:1]
        )
        accepted = Thread.objects.filter(
            kind=Thread.Kind.QUESTION, reply_count__gt=0, pk__in=thread_pks[::2]
        ).update(accepted_post=models.Subquery(first_answer))
        phase.advance(1)

        post_rows = list(Post.objects.values_list("pk", "author_id"))
        reactions = []
        for pk, author in rng.sample(post_rows, min(len(post_rows), self.sizes.posts // 5)):
            voter = rng.choice(users)
            if voter != author:
                reactions.append(Reaction(user_id=voter, post_id=pk, kind=Reaction.Kind.HELPFUL))
        for chunk in chunks(reactions, self.batch_size):
            Reaction.objects.bulk_create(chunk, ignore_conflicts=True)
        phase.advance(1)

        endorsements, follows = [], []
        for _ in range(2 * len(users)):
            person, other = rng.choice(users), rng.choice(users)
            if person != other and declared[person]:
                endorsements.append(
                    Endorsement(
                        endorser_id=other, person_id=person, topic_id=rng.choice(declared[person])
                    )
                )
            a, b = rng.choice(users), rng.choice(users)
            if a != b:
                follows.append(Follow(follower_id=a, followed_id=b))
        for model, rows in ((Endorsement, endorsements), (Follow, follows)):
            for chunk in chunks(rows, self.batch_size):
                model.objects.bulk_create(chunk, ignore_conflicts=True)
        phase.advance(2)
        self.counts |= {
            "skills": len(skill_rows),
            "thread tags": len(tag_rows),
            "accepted answers": accepted,
            "helpful votes": len(reactions),
            "endorsements": len(endorsements),
            "follows": len(follows),
        }
        phase.finish(
            f"{len(skill_rows)} skills, {len(tag_rows)} tags, {accepted} accepted answers, "
            f"{len(reactions)} helpful votes, {len(endorsements)} endorsements"
        )

    # Library

    def create_library(self) -> None:
        rng, groups = self.rng, self.groups
        n_items = self.sizes.library
        phase = Phase(self.out, "library", n_items)
        specs = [(spec, self.render(md(spec.body))) for spec in ITEM_SPECS]
        weights = [len(g.members) for g in groups]
        rows = []
        for _ in range(n_items):
            spec, (body, body_html) = rng.choice(specs)
            plan = (
                rng.choices(groups, weights=weights)[0] if groups and rng.random() < 0.7 else None
            )
            if plan is not None:
                topic, author = plan.topic, self.user_pks[rng.choice(plan.members)]
                start, end = plan.created, plan.end
            else:
                topic, author = rng.choice(TOPICS), rng.choice(self.user_pks)
                start, end = self.ago(1000), self.now
            title = rng.choice(LIBRARY_TITLES).format(t=topic)
            created = start + (end - start) * rng.random()
            rows.append(
                LibraryItem(
                    group_id=plan.pk if plan else None,
                    author_id=author,
                    kind=spec.kind,
                    title=title,
                    slug=slug_for(title, fallback="item"),
                    summary=spec.summary,
                    body=body,
                    body_html=body_html,
                    url=spec.url,
                    provider=spec.provider,
                    level=spec.level,
                    minutes=spec.minutes,
                    published_at=created if rng.random() < 0.92 else None,
                    created_at=created,
                    updated_at=created,
                )
            )
        self.insert(LibraryItem, rows, phase)
        site_wide = sum(item.group_id is None for item in rows)
        self.counts["library items"] = n_items
        phase.finish(f"{n_items} library items ({site_wide} site-wide)")

    # News

    def create_news(self) -> None:
        rng = self.rng
        n_news = self.sizes.news
        phase = Phase(self.out, "news", n_news)
        taken = set(NewsPost.objects.values_list("slug", flat=True))
        specs = [(spec, self.render(md(spec.body))) for spec in NEWS_SPECS]
        editors = [
            pk
            for pk, department in zip(self.user_pks, self.departments, strict=True)
            if department == "People & Learning"
        ] or self.user_pks
        rows = []
        for n in range(1, n_news + 1):
            spec, (body, body_html) = rng.choice(specs)
            title = rng.choice(NEWS_TITLES).format(t=rng.choice(TOPICS))
            slug = f"{slug_for(title, max_length=90, fallback='news')}-{n}"
            while slug in taken:
                slug += "-b"
            taken.add(slug)
            roll = rng.random()
            if roll < 0.85:
                status, publish_at = NewsPost.Status.PUBLISHED, self.ago(rng.uniform(0.1, 365))
            elif roll < 0.90:
                status, publish_at = NewsPost.Status.SCHEDULED, self.ago(rng.uniform(0.1, 30))
            elif roll < 0.95:
                status, publish_at = NewsPost.Status.SCHEDULED, self.ago(-rng.uniform(0.5, 14))
            else:
                status, publish_at = NewsPost.Status.DRAFT, self.ago(rng.uniform(0, 30))
            audience = None
            if self.groups and rng.random() < 0.15:
                audience = rng.choice(self.groups).pk
            drafted = min(publish_at, self.now) - datetime.timedelta(hours=rng.uniform(2, 72))
            rows.append(
                NewsPost(
                    title=title,
                    slug=slug,
                    summary=spec.summary,
                    body=body,
                    body_html=body_html,
                    category=spec.category,
                    audience_id=audience,
                    author_id=rng.choice(editors),
                    status=status,
                    publish_at=publish_at,
                    created_at=drafted,
                    updated_at=drafted,
                )
            )
        published = sorted(
            (p for p in rows if p.status == NewsPost.Status.PUBLISHED and p.audience_id is None),
            key=lambda p: p.publish_at,
        )
        for post in published[-2:]:
            post.pinned_until = self.now + datetime.timedelta(days=7)
        self.insert(NewsPost, rows, phase)
        self.counts["news posts"] = n_news
        phase.finish(f"{n_news} news posts")


def analyze(out: OutputWrapper) -> None:
    """Fresh planner statistics and visibility maps, so the first benchmark after seeding
    runs with the plans production would use."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return  # VACUUM cannot run inside a transaction (as in a test).
    phase = Phase(out, "analyze", 1)
    tables = [
        model._meta.db_table
        for model in (
            User,
            Profile,
            EmailAddress,
            Group,
            Membership,
            Thread,
            Post,
            LibraryItem,
            NewsPost,
            Topic,
            Profile.skills.through,
            Profile.interests.through,
            Thread.tags.through,
            Reaction,
            Endorsement,
            Follow,
        )
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'VACUUM (ANALYZE) "{table}"')
    phase.finish(f"VACUUM (ANALYZE) of {len(tables)} tables")


def positive(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Create a large synthetic company for load tests: people bench<N>@example.com "
        f"(password {BENCH_PASSWORD}), groups, threads, replies, library and news."
    )

    def add_arguments(self, parser: Any) -> None:
        sizes: list[tuple[str, int, str]] = [
            ("--users", 10_000, "people"),
            ("--groups", 500, "groups"),
            ("--threads", 50_000, "threads"),
            ("--posts", 500_000, "replies, spread over the threads"),
            ("--library", 2_000, "library items"),
            ("--news", 200, "news posts"),
        ]
        for flag, default, what in sizes:
            parser.add_argument(flag, type=positive, default=default, help=f"{what} ({default})")
        parser.add_argument("--batch-size", type=positive, default=5_000, help="rows per insert")
        parser.add_argument("--seed", type=int, default=SEED, help="random seed")

    def handle(self, *args: Any, **options: Any) -> None:
        sizes = Sizes(
            **{k: options[k] for k in ("users", "groups", "threads", "posts", "library", "news")}
        )
        if getattr(settings, "DEPLOYED", False):
            raise CommandError(
                "ALLOWED_HOSTS is set: this looks like a deployment. Bench people share a "
                "published password; seed a separate database without ALLOWED_HOSTS."
            )
        if sizes.users < 1:
            raise CommandError("--users must be at least 1.")
        if sizes.threads and not sizes.groups:
            raise CommandError("Threads need groups: give --groups 1 or more.")
        if sizes.posts and not sizes.threads:
            raise CommandError("Replies need threads: give --threads 1 or more.")
        last = bench_email(sizes.users)
        if User.objects.filter(email=bench_email(1)).exists():
            self.stdout.write(
                f"Bench data is already present ({bench_email(1)} exists); nothing to do."
            )
            return
        started = time.monotonic()
        seeder = BenchSeeder(
            sizes=sizes,
            rng=random.Random(options["seed"]),
            now=timezone.now(),
            batch_size=max(options["batch_size"], 1),
            out=self.stdout,
        )
        with transaction.atomic():
            counts = seeder.run()
        analyze(self.stdout)
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Created {summary} in {elapsed:.1f} s."))
        self.stdout.write(
            f"Sign in as {bench_email(1)} ... {last} with the password {BENCH_PASSWORD}."
        )
