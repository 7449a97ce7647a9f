# ruff: noqa: RUF001 (the corpus is typeset text: en dashes and names in many languages)
"""``manage.py seed_demo``: a believable demo company to explore SociaLearn with.

Creates about sixty people across six offices, a dozen groups of every kind and
visibility, discussions with replies, a learning library and company news. Running it
again when the demo account exists changes nothing.
"""

from __future__ import annotations

import datetime
import io
import random
import re
import textwrap
import time
import unicodedata
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import OuterRef
from django.utils import timezone
from PIL import Image, ImageDraw

from cohorts.models import Session
from cohorts.services import follow_ups_open
from content.feeds import import_document
from content.models import Feed, LibraryItem, Provider
from content.revisions import item_correction_accept, item_correction_suggest
from content.services import (
    bookmark_set,
    broken_link_report,
    item_comment,
    item_create,
    item_share,
    library_discussion_group,
    rating_set,
)
from discussions.follows import bookmark_set as thread_bookmark_set
from discussions.highlights import hot_scores_refresh
from discussions.models import Post, Reaction, Thread
from discussions.moderation import flag_create, text_hide, thread_moderate
from discussions.revisions import correction_accept, correction_suggest
from discussions.services import post_create, thread_create
from groups.models import Group, Invitation, JoinRequest, Membership
from groups.services import member_counts_refresh, membership_join
from news.models import NewsPost
from news.permissions import editors_role
from news.services import news_confirm, news_mark_read, news_save, news_schedule
from notifications.models import Notification
from profiles.models import Endorsement, Follow, Profile, Topic, User, normalize_topic
from profiles.services import (
    accounts_deactivate,
    avatar_save,
    profile_update,
    topics_get_or_create,
)
from socialearn.celery import app as celery_app
from socialearn.lib.images import avatar_thumbnails, logo_image
from socialearn.lib.markdown import render_markdown
from socialearn.lib.models import SubqueryCount
from socialearn.lib.portraits import demo_portrait

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 (published demo login)
ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "admin-password-2026"  # noqa: S105 (published demo login, never deployed)
LOGINS = (
    f"Sign in at http://127.0.0.1:8000 as {DEMO_EMAIL} / {DEMO_PASSWORD} "
    f"(admin: {ADMIN_EMAIL} / {ADMIN_PASSWORD})"
)
SEED = 2026

SKILLS_BY_DEPARTMENT: dict[str, list[str]] = {
    "Engineering": ["Python", "Django", "Kubernetes", "PostgreSQL", "Security", "Testing",
                    "TypeScript", "Data engineering", "Code review", "Incident response"],
    "Sales": ["Negotiation", "Discovery calls", "Pricing", "Salesforce", "Public speaking",
              "Account planning"],
    "Marketing": ["Copywriting", "SEO", "Events", "Brand design", "Analytics",
                  "Public speaking"],
    "People & Learning": ["Coaching", "Facilitation", "Learning design", "Onboarding",
                          "Giving feedback", "Public speaking"],
    "Finance": ["Excel", "Forecasting", "SQL", "Procurement", "Budgeting"],
    "Customer Success": ["Onboarding", "Customer interviews", "Zendesk", "Renewals",
                         "Giving feedback", "SQL"],
}  # fmt: skip
INTERESTS = ["Running", "Photography", "Board games", "Cooking", "Reading", "Cycling",
             "Chess", "Gardening", "Languages", "Music"]  # fmt: skip

# Teams within departments, languages by office: profiles vary the way real ones do.
TEAMS: dict[str, list[str]] = {
    "Engineering": ["Platform", "Payments", "Mobile", "Data", "Developer Experience"],
    "Sales": ["Enterprise", "Mid-market", "Sales Development"],
    "Marketing": ["Growth", "Brand", "Events"],
    "People & Learning": ["Learning & Development", "Talent", "People Partners"],
    "Finance": ["FP&A", "Accounting"],
    "Customer Success": ["Onboarding", "Support", "Renewals"],
}
LANGUAGES: dict[str, list[str]] = {
    "London": ["English", "French", "Hindi", "Polish"],
    "Berlin": ["German", "English", "Turkish"],
    "Austin": ["English", "Spanish"],
    "Singapore": ["English", "Mandarin", "Malay", "Tamil", "Japanese"],
    "São Paulo": ["Portuguese", "English", "Spanish"],
    "Nairobi": ["English", "Swahili"],
}
# The topic each group's threads are about (besides what their text mentions).
GROUP_TOPICS: dict[str, list[str]] = {
    "python-guild": ["Python"],
    "data-analytics": ["SQL", "Analytics"],
    "sales-enablement": ["Discovery calls"],
    "customer-success-playbook": ["Onboarding"],
    "new-manager-cohort-spring": ["Giving feedback"],
    "welcome-crew": ["Onboarding"],
    "feedback-coaching": ["Giving feedback", "Coaching"],
    "running-club": ["Running"],
    "book-club": ["Reading"],
    "photography": ["Photography"],
    "security-champions": ["Security"],
    "leadership-forum": ["Coaching"],
}
# An external expert from a learning partner, invited to two groups only.
GUEST = ("Dr. Amara Okafor", "amara.okafor@cloudnative-academy.example",
         "Kubernetes trainer, Cloud Native Academy (learning partner)",
         ("python-guild", "security-champions"))  # fmt: skip
# Someone who left: their threads and replies stay, under their name.
FORMER_COLLEAGUE = "Lucas Pereira"

ENGINEERING = "Engineering"
SALES = "Sales"
MARKETING = "Marketing"
PEOPLE = "People & Learning"
FINANCE = "Finance"
SUCCESS = "Customer Success"

# Office -> (location shown on profiles, time zone).
OFFICES: dict[str, tuple[str, str]] = {
    "London": ("London, UK", "Europe/London"),
    "Berlin": ("Berlin, Germany", "Europe/Berlin"),
    "Austin": ("Austin, Texas, USA", "America/Chicago"),
    "Singapore": ("Singapore", "Asia/Singapore"),
    "São Paulo": ("São Paulo, Brazil", "America/Sao_Paulo"),
    "Nairobi": ("Nairobi, Kenya", "Africa/Nairobi"),
}


@dataclass(frozen=True)
class PersonSpec:
    name: str
    office: str
    department: str
    job_title: str
    email: str = ""


@dataclass(frozen=True)
class GroupSpec:
    slug: str
    name: str
    kind: str
    visibility: str
    owner: str
    moderators: tuple[str, ...]
    size: int
    departments: tuple[str, ...]
    description: str
    members: tuple[str, ...] = ()


@dataclass(frozen=True)
class ThreadSpec:
    group: str
    kind: str
    title: str
    body: str
    replies: tuple[str, ...] = ()
    pinned: bool = False


@dataclass(frozen=True)
class ItemSpec:
    title: str
    kind: str
    author: str
    summary: str
    level: str
    minutes: int
    group: str | None = None
    body: str = ""
    url: str = ""
    provider: str = ""


@dataclass(frozen=True)
class NewsSpec:
    title: str
    category: str
    author: str
    summary: str
    body: str
    days_ago: float
    pinned: bool = False
    audience: str | None = None
    must_read: bool = False
    important: bool = False
    hero: tuple[int, int, int] | None = None  # the colour of a drawn hero image
    hero_alt: str = ""
    video_url: str = ""
    draft: bool = False


Q = Thread.Kind.QUESTION
D = Thread.Kind.DISCUSSION
BEGINNER = LibraryItem.Level.BEGINNER
INTERMEDIATE = LibraryItem.Level.INTERMEDIATE
ADVANCED = LibraryItem.Level.ADVANCED

PEOPLE_SPECS: tuple[PersonSpec, ...] = (
    # Engineering
    PersonSpec("Priya Raman", "London", ENGINEERING, "VP Engineering"),
    PersonSpec("Jonas Weber", "Berlin", ENGINEERING, "Staff Software Engineer"),
    PersonSpec("Mehmet Yılmaz", "Berlin", ENGINEERING, "Backend Engineer"),
    PersonSpec("Emily Nguyen", "Austin", ENGINEERING, "Engineering Manager"),
    PersonSpec("Tyler Brooks", "Austin", ENGINEERING, "Frontend Engineer"),
    PersonSpec("Arjun Menon", "Singapore", ENGINEERING, "Data Engineer"),
    PersonSpec("Hiroshi Tanaka", "Singapore", ENGINEERING, "Site Reliability Engineer"),
    PersonSpec("Rafael Oliveira", "São Paulo", ENGINEERING, "Senior Software Engineer"),
    PersonSpec("Lucas Pereira", "São Paulo", ENGINEERING, "QA Engineer"),
    PersonSpec("Otieno Odhiambo", "Nairobi", ENGINEERING, "Mobile Engineer"),
    PersonSpec("Kwame Mensah", "London", ENGINEERING, "Security Engineer"),
    # Sales
    PersonSpec("Marcus Johnson", "Austin", SALES, "VP Sales"),
    PersonSpec("Megan O'Brien", "Austin", SALES, "Account Executive"),
    PersonSpec("Jamal Washington", "Austin", SALES, "Sales Development Representative"),
    PersonSpec("Oliver Bennett", "London", SALES, "Enterprise Account Executive"),
    PersonSpec("Sophie Clarke", "London", SALES, "Sales Enablement Manager"),
    PersonSpec("Maximilian Braun", "Berlin", SALES, "Account Executive, DACH"),
    PersonSpec("Niklas Hoffmann", "Berlin", SALES, "Solutions Engineer"),
    PersonSpec("Daniel Lim", "Singapore", SALES, "Regional Sales Director, APAC"),
    PersonSpec("Thiago Almeida", "São Paulo", SALES, "Account Executive, LATAM"),
    PersonSpec("Brian Mwangi", "Nairobi", SALES, "Sales Development Representative"),
    # Marketing
    PersonSpec("Rachel Kim", "Austin", MARKETING, "Head of Marketing"),
    PersonSpec("Diego Ramírez", "Austin", MARKETING, "Field Marketing Manager"),
    PersonSpec("Liam O'Connor", "London", MARKETING, "Growth Marketer"),
    PersonSpec("Zoë Fischer", "Berlin", MARKETING, "Brand Designer"),
    PersonSpec("Elif Demir", "Berlin", MARKETING, "Marketing Analyst"),
    PersonSpec("Mei Chen", "Singapore", MARKETING, "Product Marketing Manager"),
    PersonSpec("Mariana Costa", "São Paulo", MARKETING, "Content Marketing Manager"),
    PersonSpec("Camila Rodrigues", "São Paulo", MARKETING, "Events Manager"),
    PersonSpec("Njeri Wambui", "Nairobi", MARKETING, "Community Manager"),
    # People & Learning
    PersonSpec("Dana Demo", "London", PEOPLE, "Learning Experience Lead", DEMO_EMAIL),
    PersonSpec("Aisha Okafor", "London", PEOPLE, "Chief People Officer"),
    PersonSpec("Hannah Goldberg", "London", PEOPLE, "Learning & Development Partner"),
    PersonSpec("Katarzyna Nowak", "Berlin", PEOPLE, "Talent Acquisition Lead"),
    PersonSpec("Grace Liu", "Austin", PEOPLE, "Onboarding Specialist"),
    PersonSpec("Kavya Iyer", "Singapore", PEOPLE, "People Partner, APAC"),
    PersonSpec("Siti Rahman", "Singapore", PEOPLE, "HR Business Partner"),
    PersonSpec("Beatriz Santos", "São Paulo", PEOPLE, "Learning Designer"),
    PersonSpec("Wanjiru Kamau", "Nairobi", PEOPLE, "People Operations Manager"),
    PersonSpec("Faith Achieng", "Nairobi", PEOPLE, "Learning Coordinator"),
    # Finance
    PersonSpec("Tom Fitzgerald", "London", FINANCE, "Chief Financial Officer"),
    PersonSpec("Fatima Al-Sayed", "London", FINANCE, "Financial Controller"),
    PersonSpec("Søren Lindqvist", "Berlin", FINANCE, "FP&A Manager"),
    PersonSpec("Ana Petrović", "Berlin", FINANCE, "Procurement Manager"),
    PersonSpec("Carlos Mendoza", "Austin", FINANCE, "Revenue Accountant"),
    PersonSpec("Rizal Abdullah", "Singapore", FINANCE, "Finance Analyst"),
    PersonSpec("Jun-ho Park", "Singapore", FINANCE, "Treasury Analyst"),
    PersonSpec("Gabriel Souza", "São Paulo", FINANCE, "Accounts Payable Specialist"),
    PersonSpec("Samuel Kiprop", "Nairobi", FINANCE, "Payroll Specialist"),
    # Customer Success
    PersonSpec("Samantha Patel", "Austin", SUCCESS, "VP Customer Success"),
    PersonSpec("Wei Ling Tan", "Singapore", SUCCESS, "Customer Success Manager, APAC"),
    PersonSpec("Nurul Huda", "Singapore", SUCCESS, "Support Engineer"),
    PersonSpec("João Silva", "São Paulo", SUCCESS, "Support Team Lead"),
    PersonSpec("Fernanda Lima", "São Paulo", SUCCESS, "Customer Success Manager"),
    PersonSpec("Larissa Carvalho", "São Paulo", SUCCESS, "Onboarding Consultant"),
    PersonSpec("Lena Schneider", "Berlin", SUCCESS, "Customer Success Manager, DACH"),
    PersonSpec("Amina Hassan", "Nairobi", SUCCESS, "Customer Success Lead, EMEA"),
    PersonSpec("David Mutua", "Nairobi", SUCCESS, "Support Engineer"),
    PersonSpec("Zawadi Njoroge", "Nairobi", SUCCESS, "Customer Success Manager"),
    PersonSpec("Peter Karanja", "Nairobi", SUCCESS, "Technical Account Manager"),
)

BIO_FOCUS: dict[str, tuple[str, ...]] = {
    ENGINEERING: (
        "building services that stay up at 3 a.m.",
        "making our test suite faster and our releases boring",
        "turning messy data into pipelines people trust",
        "the mobile app and everything that makes it feel quick",
    ),
    SALES: (
        "helping customers build a business case they believe in",
        "first conversations with teams who want to learn together",
        "long enterprise deals with many stakeholders",
    ),
    MARKETING: (
        "telling customer stories that are actually useful",
        "events, webinars and the community around them",
        "understanding which campaigns move the needle",
    ),
    PEOPLE: (
        "designing learning that fits into a busy week",
        "onboarding, so that everyone's first month feels welcoming",
        "helping managers grow their teams",
    ),
    FINANCE: (
        "keeping the numbers honest and the close on time",
        "planning, forecasting and the occasional spreadsheet marathon",
        "making spending simple for everyone else",
    ),
    SUCCESS: (
        "helping customers get value in their first ninety days",
        "solving the tricky tickets and writing down what we learn",
        "renewals, QBRs and long-term customer relationships",
    ),
}
BIO_TOPICS: dict[str, tuple[str, ...]] = {
    ENGINEERING: ("Python", "code review", "observability", "SQL performance", "testing"),
    SALES: ("discovery calls", "negotiation", "pricing conversations", "forecasting"),
    MARKETING: ("copywriting", "event planning", "brand design", "marketing analytics"),
    PEOPLE: ("feedback", "coaching", "learning design", "onboarding", "career paths"),
    FINANCE: ("budgets", "expense policy", "Excel shortcuts", "business cases"),
    SUCCESS: ("onboarding plans", "difficult conversations", "support tooling", "QBRs"),
}
HOBBIES: tuple[str, ...] = (
    "long runs on Sunday mornings",
    "film photography and a slowly growing camera collection",
    "learning Portuguese, one podcast at a time",
    "board games with far too many rules",
    "baking sourdough with mixed results",
    "chess, badly but happily",
    "cycling to anywhere with good coffee",
    "mentoring students from my old university",
    "reading science fiction on the commute",
    "gardening on a very small balcony",
    "choir rehearsals every Wednesday",
    "hiking with my dog",
)

GROUP_SPECS: tuple[GroupSpec, ...] = (
    GroupSpec(
        slug="python-guild",
        name="Python Guild",
        kind=Group.Kind.TOPIC,
        visibility=Group.Visibility.OPEN,
        owner="Jonas Weber",
        moderators=("Rafael Oliveira",),
        size=24,
        departments=(ENGINEERING,),
        description="""
            Everyone who writes Python here, from data notebooks to production services.

            - **Show-and-tell** every other Thursday
            - Questions answered by people who have hit the same problem
            - Recordings and slides in the group library
            """,
    ),
    GroupSpec(
        slug="data-analytics",
        name="Data & Analytics",
        kind=Group.Kind.TOPIC,
        visibility=Group.Visibility.OPEN,
        owner="Arjun Menon",
        moderators=("Elif Demir", "Rizal Abdullah"),
        size=20,
        departments=(ENGINEERING, FINANCE, MARKETING),
        description="""
            SQL, dashboards, dbt and the questions behind them. Bring a question, leave
            with a better one. Read the pinned thread before you request a dashboard.
            """,
    ),
    GroupSpec(
        slug="sales-enablement",
        name="Sales Enablement",
        kind=Group.Kind.TEAM,
        visibility=Group.Visibility.OPEN,
        owner="Marcus Johnson",
        moderators=("Sophie Clarke",),
        size=18,
        departments=(SALES, MARKETING),
        description="""
            Talk tracks, battlecards, call reviews and everything that helps us sell well.
            Friday call review at 16:00 London time, open to anyone curious about sales.
            """,
    ),
    GroupSpec(
        slug="customer-success-playbook",
        name="Customer Success Playbook",
        kind=Group.Kind.TEAM,
        visibility=Group.Visibility.OPEN,
        owner="Samantha Patel",
        moderators=("Amina Hassan", "João Silva"),
        size=16,
        departments=(SUCCESS,),
        description="""
            How we onboard, support and grow our customers. The **playbook** lives in the
            library; the discussions here are where it gets better.
            """,
    ),
    GroupSpec(
        slug="new-manager-cohort-spring",
        name="New Manager Cohort – Spring",
        kind=Group.Kind.COHORT,
        visibility=Group.Visibility.PRIVATE,
        owner="Dana Demo",
        moderators=("Hannah Goldberg",),
        size=13,
        departments=(),
        members=(
            "Emily Nguyen",
            "Wei Ling Tan",
            "João Silva",
            "Fatima Al-Sayed",
            "Søren Lindqvist",
            "Katarzyna Nowak",
            "Diego Ramírez",
            "Sophie Clarke",
            "Otieno Odhiambo",
            "Mei Chen",
        ),
        description="""
            Eight weeks, twelve new managers, one Tuesday session a week. From peer to
            manager, delegation, feedback and coaching.

            *This group is private: what is shared here stays here.*
            """,
    ),
    GroupSpec(
        slug="welcome-crew",
        name="Welcome Crew – New Joiners",
        kind=Group.Kind.COHORT,
        visibility=Group.Visibility.OPEN,
        owner="Dana Demo",
        moderators=("Grace Liu",),
        size=15,
        departments=(),
        description="""
            New here? Say hello, ask anything, find your onboarding buddy. No question is
            too small in your first ninety days.
            """,
    ),
    GroupSpec(
        slug="feedback-coaching",
        name="Feedback & Coaching",
        kind=Group.Kind.TOPIC,
        visibility=Group.Visibility.OPEN,
        owner="Hannah Goldberg",
        moderators=("Dana Demo",),
        size=22,
        departments=(PEOPLE,),
        description="""
            Practise giving and receiving feedback, share coaching questions that work, and
            learn from each other's conversations (anonymised, please).
            """,
    ),
    GroupSpec(
        slug="running-club",
        name="Running Club",
        kind=Group.Kind.CLUB,
        visibility=Group.Visibility.OPEN,
        owner="Liam O'Connor",
        moderators=("Camila Rodrigues",),
        size=20,
        departments=(),
        description="""
            Runners, joggers and walkers in every office. Lunchtime loops, weekend long runs
            and a monthly distance challenge. All paces welcome.
            """,
    ),
    GroupSpec(
        slug="book-club",
        name="Book Club",
        kind=Group.Kind.CLUB,
        visibility=Group.Visibility.OPEN,
        owner="Mariana Costa",
        moderators=("Dana Demo",),
        size=26,
        departments=(),
        description="""
            One book a month, mostly non-fiction about work, people and ideas. We meet on the
            last Thursday: in person in London and São Paulo, online for everyone else.
            """,
    ),
    GroupSpec(
        slug="photography",
        name="Photography",
        kind=Group.Kind.CLUB,
        visibility=Group.Visibility.OPEN,
        owner="Zoë Fischer",
        moderators=("Hiroshi Tanaka",),
        size=14,
        departments=(),
        description="""
            Weekly themes, photo walks and friendly critique. Phones and cameras equally
            welcome.
            """,
    ),
    GroupSpec(
        slug="security-champions",
        name="Security Champions",
        kind=Group.Kind.TOPIC,
        visibility=Group.Visibility.PRIVATE,
        owner="Kwame Mensah",
        moderators=("Hiroshi Tanaka",),
        size=10,
        departments=(ENGINEERING,),
        members=("Niklas Hoffmann", "Nurul Huda", "Fatima Al-Sayed"),
        description="""
            One champion per team: reviewing security-relevant changes, triaging dependency
            alerts and bringing what we learn back to the team. Ask Kwame to join.
            """,
    ),
    GroupSpec(
        slug="leadership-forum",
        name="Leadership Forum",
        kind=Group.Kind.TOPIC,
        visibility=Group.Visibility.HIDDEN,
        owner="Aisha Okafor",
        moderators=("Tom Fitzgerald",),
        size=10,
        departments=(),
        members=(
            "Priya Raman",
            "Marcus Johnson",
            "Rachel Kim",
            "Samantha Patel",
            "Dana Demo",
            "Daniel Lim",
            "Emily Nguyen",
            "Wanjiru Kamau",
        ),
        description="""
            Department heads and leads: planning, org design and people topics that are not
            ready to share widely yet.
            """,
    ),
)

THREAD_SPECS: tuple[ThreadSpec, ...] = (
    # Python Guild
    ThreadSpec(
        "python-guild",
        D,
        "Welcome to the Python Guild – start here",
        """
        Welcome! The Python Guild is for everyone who writes Python here, from data
        notebooks to production services.

        **How we work**

        - Show-and-tell every other Thursday, 15:00 London / 16:00 Berlin / 22:00 Singapore.
        - Questions go in threads marked *Question*, so answers are easy to find later.
        - Recordings and slides end up in the group library.

        When you ask for help, include the Python version, what you ran and what you
        expected:

        ```python
        import sys
        print(sys.version)
        ```
        """,
        (
            "Thanks! Could we alternate the show-and-tell time now and then? "
            "22:00 is late for us in Singapore.",
            "OP: Good point. From next month we alternate with a 09:00 London slot.",
            "Signed up to present our move from pip-tools to uv in the next session.",
            "Is there a channel for quick questions, or should everything be a thread here?",
            "OP: Threads here, please: answers stay searchable, chat scrolls away.",
        ),
        pinned=True,
    ),
    ThreadSpec(
        "python-guild",
        Q,
        "pyproject.toml or setup.cfg for internal packages?",
        """
        We still have three internal libraries (`billing-utils`, `events-client`,
        `featureflags`) built with `setup.py` plus `setup.cfg`, and I'm about to touch
        the packaging anyway.

        Is there any reason to keep `setup.cfg` today, or should I move everything into
        `pyproject.toml` in one go? Anything that bit you during the migration?
        """,
        (
            "Move everything into `pyproject.toml` with a `[project]` table. "
            "`setup.cfg` buys you nothing now.",
            "We migrated `events-client` last quarter. The only snag was package data: use "
            "`[tool.setuptools.package-data]` and check the wheel with `unzip -l`.",
            "Pin the build backend in `[build-system] requires`, otherwise a new setuptools "
            "release can change your build overnight.",
            "If CI builds these, try `uv build`: our build step went from ~40 s to ~6 s.",
            "OP: Thanks all, that was quick. The PR for `billing-utils` is up; reviews welcome.",
        ),
    ),
    ThreadSpec(
        "python-guild",
        Q,
        "Type hints for Django querysets: what do you use?",
        """
        Our services return querysets and mypy sees `QuerySet[Any]` everywhere. Do you use
        `django-stubs`, or annotate by hand? And how strict are you about `Any` in review?
        """,
        (
            "`django-stubs` with the mypy plugin. It infers `QuerySet[Thread]` from "
            "`Thread.objects.filter(...)` in most cases.",
            "Custom queryset methods need a bit of help: annotate the return type as the "
            "queryset class itself.",
            "In review we allow `Any` at the boundaries (JSON in and out), not inside services.",
            "Pyright handles it reasonably well too, if mypy is too slow on the monorepo.",
        ),
    ),
    ThreadSpec(
        "python-guild",
        D,
        "Show-and-tell: replacing cron scripts with Celery beat",
        """
        Slides from Thursday are in the library. The short version:

        1. Every job is a task with a time limit and `acks_late`.
        2. The schedule lives in one place in settings and is reviewed like code.
        3. A heartbeat task records when beat and the worker last ran, and the health
           page shows it.

        We removed eleven crontab lines and nobody has had to log into a server since.
        """,
        (
            "Great session. How do you stop two beat processes from running at once "
            "during a deploy?",
            "OP: One beat per environment, started by the process manager, never by the "
            "web containers.",
            "We did something similar with retries: exponential backoff on anything that "
            "calls a partner API.",
            "Would love a follow-up on how you test the tasks.",
        ),
    ),
    ThreadSpec(
        "python-guild",
        Q,
        "Where should internal wheels live?",
        """
        Teams are vendoring wheels into repositories or installing from Git URLs. Should we
        run a private package index? What do other companies our size do?
        """,
        (
            "A private index behind SSO is worth it. Git URLs make builds slow and hard to cache.",
            "Whatever you pick, make it usable from CI without personal tokens.",
            "Security Champions will want a say: reserve our package names on the public "
            "index too, or dependency confusion becomes a real risk.",
        ),
    ),
    # Data & Analytics
    ThreadSpec(
        "data-analytics",
        D,
        "How to ask for data (read before requesting a dashboard)",
        """
        To help us help you, please include in every request:

        - **The decision** the data will inform.
        - **The question** in one sentence, e.g. *"Did onboarding time drop after the new
          checklist?"*
        - **The deadline**, and who will use the answer.

        Dashboards are great for questions you ask every week. For one-off questions a
        short write-up is usually faster and clearer.
        """,
        (
            "This is excellent. Could we have a template in the library?",
            "OP: Done, it's in the library as a checklist.",
            "Adding one: tell us if the number goes to the board. We check those twice.",
        ),
        pinned=True,
    ),
    ThreadSpec(
        "data-analytics",
        Q,
        "Cohort retention: rolling or fixed windows?",
        """
        For the CS health report I need 90-day retention by signup cohort. Should I use
        calendar months or rolling windows from each account's start date? The two
        differ by four points and I want to be able to explain why.
        """,
        (
            "Rolling windows from each account's start date. Calendar months penalise "
            "accounts that sign up late in the month.",
            "Whichever you choose, write it in the chart subtitle. Half of all arguments "
            "about retention are about definitions.",
            "The gap is probably accounts that signed up in the last week of the month; "
            "split the cohort by week to check.",
            "OP: That was it: a big enterprise batch in the last week of the month. "
            "Going with rolling windows.",
        ),
    ),
    ThreadSpec(
        "data-analytics",
        D,
        "SQL window functions: share your favourite trick",
        """
        I'll start: `LAG()` to compare each month with the previous one, no self-join.

        ```sql
        SELECT month,
               revenue,
               revenue - LAG(revenue) OVER (ORDER BY month) AS change
        FROM monthly_revenue;
        ```
        """,
        (
            "`ROW_NUMBER()` partitioned by customer to keep only the latest record. "
            "Saves so many subqueries.",
            "`AVG(...) OVER (ORDER BY day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW)` "
            "for a 7-day moving average.",
            '`FIRST_VALUE()` for "which plan did they start on". Works in BigQuery and '
            "PostgreSQL alike.",
            "Bookmarking this thread for onboarding new analysts.",
            "Maybe turn this into a cheat sheet in the library?",
        ),
    ),
    ThreadSpec(
        "data-analytics",
        Q,
        "Learning dbt with SQL only: where do I start?",
        """
        I'm comfortable with SQL but have never used dbt and barely use Git. What's a
        realistic path to contributing models to our project within a quarter?
        """,
        (
            "Start with a fundamentals course, then pair with one of us on a small model.",
            "Learn enough Git to branch, commit and open a pull request. That's 90% of it.",
            "Our project has a `staging/` folder with simple models: perfect first contributions.",
            "Happy to pair on Tuesdays, Singapore afternoon / Europe morning.",
        ),
    ),
    ThreadSpec(
        "data-analytics",
        D,
        "Dashboard of the month: CS health score v2",
        """
        The new health score combines product usage, support tickets and survey
        responses. What changed since v1:

        - usage is weighted by seats, so small teams aren't always red;
        - tickets only count when they have been open longer than five days;
        - the score shows *why* it changed, not just the colour.

        Feedback welcome before we roll it out to all CSMs.
        """,
        (
            'Love the "why it changed" panel. Could we get a weekly email of accounts '
            "that dropped a band?",
            "How is the survey score weighted when only one person on the account answers?",
            "OP: Single responses count at half weight until there are three or more.",
        ),
    ),
    # Sales Enablement
    ThreadSpec(
        "sales-enablement",
        D,
        "This quarter's talk track and battlecards are live",
        """
        This quarter's talk track and the updated battlecards are in the group library.

        **What's new**

        - A shorter opener focused on time to value.
        - Three new customer stories: logistics, retail and public sector.
        - Competitor pricing, checked last week.

        Please read them before Friday's call review.
        """,
        (
            "The logistics story is great. Can we name the customer on calls?",
            'OP: Legal is checking. Until then: "a European logistics company with 4,000 drivers".',
            "Could we get the battlecards in Portuguese and Spanish for LATAM?",
            "Translations would help in DACH too; happy to review the German version.",
        ),
        pinned=True,
    ),
    ThreadSpec(
        "sales-enablement",
        Q,
        'Handling "you\'re 30% more expensive than X"',
        """
        I keep hearing the same objection in late-stage deals: *"You're 30% more expensive
        than X."* I either discount too fast or get defensive. How do you handle it?
        """,
        (
            "Don't defend the price, ask about the cost: \"What does it cost you today when "
            'onboarding takes three months?"',
            "Get the comparison in writing. Often X's price doesn't include the modules "
            "they actually need.",
            "Trade, don't discount: a lower price for a longer term or a case study, "
            "never for nothing.",
            "Bring the numbers from discovery back into the conversation. Price feels "
            "different next to a problem they have quantified themselves.",
            "Roleplay this on Friday? I'll be the difficult buyer.",
            'OP: Yes please. And thank you: "trade, don\'t discount" is now on a sticky '
            "note on my screen.",
        ),
    ),
    ThreadSpec(
        "sales-enablement",
        D,
        "Friday call review: one thing you learned this week",
        """
        Keep it short: one call, one lesson. I'll start. I let the prospect talk for the
        first ten minutes without pitching and learned more than in my previous three
        calls together.
        """,
        (
            "Recapping next steps in writing within an hour got me two replies the same day.",
            'I asked "who else will care about this?" and found the real decision maker.',
            "Muted all notifications for the call. Obvious, but it made a difference.",
            "Lesson: check time zones. I booked a 7 a.m. call for someone in Austin.",
        ),
    ),
    ThreadSpec(
        "sales-enablement",
        Q,
        "Discovery questions that uncover budget",
        """
        "Do you have budget for this?" always gets a vague answer. Which questions do you
        use to find out whether there's money and who controls it?
        """,
        (
            '"How did you pay for the last tool you bought for this team?" tells you '
            "the process and the owner.",
            '"What happens if you do nothing this year?" If the answer is "nothing", '
            "there is no budget.",
            'Ask about timing before money: "When does your next budget cycle start?"',
        ),
    ),
    ThreadSpec(
        "sales-enablement",
        D,
        "Multi-threading enterprise deals: examples welcome",
        """
        Our single-threaded deals slip twice as often as the others. How do you reach
        more people in the account without annoying your champion?
        """,
        (
            "Ask the champion who they need to convince, and offer to build that deck with them.",
            "Bring your own executive into the deal early. Peers talk to peers.",
            "We run a short workshop with the wider team; it's easier to say yes to "
            "than another demo.",
            "I keep a simple map of each stakeholder and what they care about in the CRM notes.",
        ),
    ),
    # Customer Success Playbook
    ThreadSpec(
        "customer-success-playbook",
        D,
        "Playbook index: onboarding, QBRs, renewals, escalations",
        """
        Everything in one place:

        1. **Onboarding**: the first-30-days checklist and the kickoff deck.
        2. **QBRs**: agenda template, what to prepare, who to invite.
        3. **Renewals**: the 120/90/60-day plan.
        4. **Escalations**: when to involve Support leadership and how to write the
           summary.

        If something is out of date, reply here and we'll fix it.
        """,
        (
            "The renewal plan still links to the old pricing page.",
            "OP: Fixed, thanks!",
            "Could we add a section on handing over accounts between CSMs?",
        ),
        pinned=True,
    ),
    ThreadSpec(
        "customer-success-playbook",
        Q,
        "First 30 days with a new enterprise customer: your checklist?",
        """
        I'm taking over onboarding for a 2,000-seat customer. Beyond the kickoff call, what
        do you make sure happens in the first month?
        """,
        (
            "Agree on one measurable goal in week one and write it down with the customer.",
            "Find the admin who will actually configure things. It's rarely the person who signed.",
            "Schedule the 30-day review during the kickoff, while everyone's calendar is "
            "still open.",
            "Send a short weekly summary, even when nothing happened. Silence makes "
            "executives nervous.",
            "Check SSO early; it's the most common reason rollouts slip.",
        ),
    ),
    ThreadSpec(
        "customer-success-playbook",
        D,
        "Saying no to a feature request without losing the relationship",
        """
        A long-time customer wants a feature that isn't on the roadmap and probably never
        will be. How do you say no so that they still feel heard?
        """,
        (
            "Separate the problem from the request. Often there's another way to solve "
            "the problem.",
            'Be clear and early. "Maybe later" for six months is worse than a kind no.',
            "Offer a call with the product manager; being heard by product goes a long way.",
            "Log it anyway, in the customer's words. Patterns across accounts do change roadmaps.",
        ),
    ),
    ThreadSpec(
        "customer-success-playbook",
        Q,
        "Health score is green, but our champion just left. What now?",
        """
        Our champion at a mid-size account resigned last week. Usage looks fine, the score
        is green and the renewal is in four months. How worried should I be?
        """,
        (
            "Worried enough to act now. Green usage without a champion is how surprises "
            "happen at renewal.",
            "Ask the champion, before they leave, to introduce you to two people.",
            'Run a short "state of the account" session with the new owner: value so far '
            "and goals for the next year.",
            "Tell your AE and flag it in the CRM, so the forecast reflects the risk.",
            "OP: Introductions done, meeting booked. Thank you all.",
        ),
    ),
    ThreadSpec(
        "customer-success-playbook",
        D,
        "Macro clean-up: which macros do you actually use?",
        """
        We have 214 support macros and I suspect we use about 30. Reply with your top five
        and I'll archive the rest (nothing gets deleted).
        """,
        (
            "Password reset, SSO troubleshooting, invoice copy, data export, closing the loop.",
            "The escalation acknowledgement and the outage update. The rest I write myself.",
            "Please keep the Portuguese versions!",
        ),
    ),
    # New Manager Cohort, Spring
    ThreadSpec(
        "new-manager-cohort-spring",
        D,
        "Week 1: welcome, schedule and pre-reading",
        """
        Welcome to the Spring cohort! Over eight weeks we meet every Tuesday for 90 minutes.

        **Schedule**

        - Weeks 1–2: from peer to manager
        - Weeks 3–4: delegation and prioritisation
        - Weeks 5–6: feedback and difficult conversations
        - Weeks 7–8: coaching and growing your team

        The pre-reading for week 1 is in the group library. This group is private: what's
        shared here stays here.
        """,
        (
            "Looking forward to it. Will sessions be recorded in case one clashes with a "
            "customer visit?",
            "OP: Yes, recordings are shared here, but please join live when you can.",
            "Just finished the pre-reading; the part about the first 90 days is spot on.",
        ),
        pinned=True,
    ),
    ThreadSpec(
        "new-manager-cohort-spring",
        Q,
        "First 1:1s with former peers",
        """
        Until last month I was on the team I now lead, and two of them applied for this
        role. How did you handle your first 1:1s in the same situation?
        """,
        (
            'Name it openly: "This is new for both of us." It took the tension out immediately.',
            "Ask each person what they want from a manager, then actually do it.",
            "Give the people who applied something real to own. Not as a consolation, as trust.",
            "Keep the friendly lunches, but stop being the one who complains about decisions.",
        ),
    ),
    ThreadSpec(
        "new-manager-cohort-spring",
        D,
        "Reflection: my first piece of critical feedback",
        """
        I finally gave the feedback I had been putting off for three weeks. I used SBI,
        kept it short and asked for their view. It went better than it did in my head,
        but afterwards I talked far too much to soften it.

        Next time: say it, then stop and listen.
        """,
        (
            "The stop-and-listen part is the hardest. Counting to five silently helps me.",
            "Thanks for sharing. Three weeks of waiting sounds very familiar.",
            "Did you follow up a few days later? That's where I usually drop the ball.",
        ),
    ),
    ThreadSpec(
        "new-manager-cohort-spring",
        Q,
        "How much time do you protect for your own work?",
        """
        My calendar is now 80% meetings. How much focus time do you protect, and how do you
        keep it from disappearing?
        """,
        (
            "Two mornings a week, blocked as meetings with myself. I treat them like a "
            "customer call.",
            'I stopped attending meetings where I\'m only "informed" and read the notes instead.',
            "Honestly, less of my own work is the point. The job is the team now.",
            "A team-wide no-meeting Wednesday helped everyone, not just me.",
        ),
    ),
    ThreadSpec(
        "new-manager-cohort-spring",
        D,
        "Delegation experiment: results from week 3",
        """
        This week's homework was to delegate one task we would normally keep. Share what
        you handed over and how it went.
        """,
        (
            "Handed over the weekly forecast. It came back different from mine, and better.",
            "Gave away the sprint demo. It took longer to prepare, but the team owned it.",
            "I delegated the task and then checked on it every day. Working on that.",
        ),
    ),
    # Welcome Crew
    ThreadSpec(
        "welcome-crew",
        D,
        "New here? Introduce yourself 👋",
        """
        Welcome aboard! Tell us:

        - your name, team and office;
        - what you're working on in your first month;
        - one thing you'd like to learn here.

        Your onboarding buddy will say hi, and so will the rest of us.
        """,
        (
            "Hi all! I joined Customer Success in Nairobi this week. I'd like to learn SQL "
            "properly.",
            "Hello from Berlin! New in Finance, working on the month-end close. Would love "
            "to join the Running Club.",
            "Hey! Sales Development in Austin. First month: learning the product and "
            "getting comfortable on the phone.",
            "Olá! Marketing in São Paulo. I'd like to learn more about product analytics.",
            "Hi from Singapore, Engineering. Was looking for a Python study group and "
            "already found one.",
            "Welcome, everyone! The Book Club is always looking for new readers.",
        ),
        pinned=True,
    ),
    ThreadSpec(
        "welcome-crew",
        Q,
        "Expense policy and home-office setup?",
        """
        Where can I find the expense policy? I'd also like to claim a monitor and a chair
        for working from home. Is there a budget for that?
        """,
        (
            'The policy is linked from "Your first week: a checklist" in the library, '
            "together with the claim form.",
            "The home-office budget is a one-off amount per person; your manager approves it.",
            "Keep the receipts! Finance needs them even for small amounts.",
        ),
    ),
    ThreadSpec(
        "welcome-crew",
        Q,
        "Which tools should I request access to in week one?",
        """
        My laptop arrived and I have email and chat. What else should I request now so
        that I'm not blocked next week?
        """,
        (
            "The CRM if you're customer-facing, the wiki, and read-only access to the BI tool.",
            "Request access through the IT portal rather than by message: it's faster and "
            "it's tracked.",
            "Also book the security awareness module; access to some systems waits for it.",
        ),
    ),
    ThreadSpec(
        "welcome-crew",
        D,
        "Onboarding feedback: what would have helped in your first month?",
        """
        We're refreshing onboarding for next quarter. If you joined in the last six months:
        what would have helped you most, and what could we drop?
        """,
        (
            "A map of who does what. I spent a week figuring out who owns billing.",
            "Fewer slides on day one, more time with my actual team.",
            "A buddy in my own time zone. Mine was nine hours away.",
            "The product sandbox was the most useful thing. Please keep it!",
            "OP: Thank you, this is gold. We'll share the new plan here before it goes live.",
        ),
    ),
    ThreadSpec(
        "welcome-crew",
        Q,
        "Is there a buddy programme in the Nairobi office?",
        """
        I'm starting in Nairobi next month and heard about onboarding buddies. Does it work
        the same way there as in London?
        """,
        (
            "Yes, same programme! The Nairobi buddies also run the Friday office lunch.",
            "I was a buddy last quarter and I'm happy to do it again. Say hi when you start.",
        ),
    ),
    # Feedback & Coaching
    ThreadSpec(
        "feedback-coaching",
        D,
        "SBI in practice: share an example",
        """
        **Situation – Behaviour – Impact** sounds simple, but it's easy to slip into
        judgement. Share an example (anonymised) of SBI feedback you gave or received.
        Here's mine:

        > *In yesterday's planning (S), you summarised every decision before we moved on
        > (B). Nobody left unsure about next steps, and the notes took five minutes instead
        > of thirty (I).*

        Positive feedback counts too!
        """,
        (
            'Received: "In the customer call (S) you interrupted the client twice (B); they '
            'stopped sharing details (I)." Hard to hear, impossible to argue with.',
            'I add a question at the end: "How did you see it?" It turns feedback into a '
            "conversation.",
            "The behaviour part is where I go wrong: I describe intent instead of what I saw.",
            "Saving this one for our team workshop.",
        ),
    ),
    ThreadSpec(
        "feedback-coaching",
        Q,
        "How do you give feedback to someone more senior?",
        """
        A director on a cross-team project keeps changing priorities in the weekly meeting,
        which throws off our sprint. How do I raise it without sounding like I'm
        complaining?
        """,
        (
            'Ask for permission first: "Can I share an observation about our weekly?"',
            "Talk about the impact on the goal you both care about, not on you.",
            "Bring a proposal, for example: priority changes come in by Monday noon.",
            "Senior people get the least feedback. Most of them appreciate it, done privately.",
        ),
    ),
    ThreadSpec(
        "feedback-coaching",
        Q,
        "Feedback in chat or in a call: where's the line?",
        """
        Half of my team is in other time zones. Is it ever OK to give critical feedback
        in chat?
        """,
        (
            "Praise in writing is great, people can reread it. Critical feedback in a call.",
            "If time zones make calls hard, record a short video. Tone survives, text doesn't.",
            "Small, factual corrections in chat are fine. Anything about behaviour: a call.",
        ),
    ),
    ThreadSpec(
        "feedback-coaching",
        D,
        "Coaching questions I keep coming back to",
        """
        A few questions that work for me in 1:1s:

        - *What's on your mind?*
        - *And what else?*
        - *What's the real challenge here for you?*
        - *What do you want?*
        - *How can I help?*

        What would you add?
        """,
        (
            '"What would you do if I weren\'t here?" Works when people come to me for answers.',
            '"What have you already tried?"',
            '"What would make this a good week?" for Monday 1:1s.',
            "These are from *The Coaching Habit*, right? Great book, we read it in the Book Club.",
        ),
    ),
    ThreadSpec(
        "feedback-coaching",
        Q,
        "Responding when feedback catches you off guard",
        """
        I got feedback in a retro that surprised me, and I reacted defensively. How do you
        respond in the moment when you don't agree, or simply need time?
        """,
        (
            '"Thank you, I\'d like to think about that. Can we talk tomorrow?" Then '
            "actually do it.",
            "Ask for an example. It slows things down and helps you understand.",
            "Defensive reactions are normal. Going back later and saying so builds a lot of trust.",
        ),
    ),
    # Running Club
    ThreadSpec(
        "running-club",
        D,
        "Monthly distance challenge: log your kilometres",
        """
        Reply with your total at the end of each week. Walking and wheelchair kilometres
        count. The office with the highest average per runner picks the charity for our
        donation.

        | Office | Runners | Avg km |
        |---|---|---|
        | Nairobi | 8 | 41 |
        | São Paulo | 6 | 37 |
        | London | 9 | 29 |

        Updated every Monday.
        """,
        (
            "Week 2: 32 km, mostly along the canal.",
            "28 km this week, including a very slow hill session.",
            "Nairobi keeps winning. Suspicious. 😄",
            "12 km walking with the pram counts, right?",
            "OP: It absolutely counts.",
        ),
        pinned=True,
    ),
    ThreadSpec(
        "running-club",
        Q,
        "Lunchtime route near the London office?",
        """
        Looking for a 5–8 km loop from the office without too many traffic lights. Ideas?
        """,
        (
            "Down to the river, along the Thames Path to Tower Bridge and back. About 6 km.",
            "Regent's Canal towpath heading east: flat, and no traffic lights once you're on it.",
            "The Tuesday lunch group leaves reception at 12:30, all paces welcome.",
        ),
    ),
    ThreadSpec(
        "running-club",
        D,
        "Saturday long run in Ibirapuera: who's in?",
        """
        We meet at Gate 3 at 7:00, before it gets hot. Two groups: 10 km easy and 16 km
        steady. Coffee afterwards at the usual place.
        """,
        (
            "I'm in for the 10 km!",
            "16 km for me. Bringing a colleague from Marketing.",
            "Can't make it this week, next Saturday for sure.",
        ),
    ),
    ThreadSpec(
        "running-club",
        Q,
        "Marathon training and business travel: how do you keep it going?",
        """
        I'm twelve weeks out from my first marathon and travelling for work every other
        week. How do you keep training consistent on the road?
        """,
        (
            "Pack the shoes first. Hotel treadmills are boring, but they work.",
            "Move the long run to the weekends you're home and keep travel weeks easy.",
            "Ask the local office! Half of our offices have a running group.",
            "Sleep beats mileage when you're jet-lagged.",
        ),
    ),
    ThreadSpec(
        "running-club",
        D,
        "Karura Forest trail run recap",
        """
        Great turnout on Sunday: fourteen of us, including four first-time trail runners.
        We did the 10 km loop past the waterfall. Photos are in the Photography group.
        Next run in two weeks!
        """,
        (
            "Best way to start a Sunday. The waterfall section was beautiful.",
            "My legs disagree, but I'll be back.",
        ),
    ),
    # Book Club
    ThreadSpec(
        "book-club",
        D,
        "Vote for our next book",
        """
        Time to pick our next book. Reply with your vote:

        1. *Thinking in Systems* by Donella Meadows
        2. *The Culture Map* by Erin Meyer
        3. *Four Thousand Weeks* by Oliver Burkeman
        4. *Range* by David Epstein

        Voting closes on Friday. We meet on the last Thursday of the month.
        """,
        (
            "*The Culture Map*: perfect for a company spread across six offices.",
            "*Four Thousand Weeks*!",
            "*Range*. It has been on my shelf for a year.",
            "Another vote for *The Culture Map*.",
            "OP: *The Culture Map* wins! Copies for London and São Paulo are on the way.",
        ),
        pinned=True,
    ),
    ThreadSpec(
        "book-club",
        D,
        "Thinking in Systems: chapters 1–3",
        """
        What stood out for you? For me it was the idea that a system's behaviour comes
        from its structure, not from the people in it. It felt very relevant to our sales
        pipeline.
        """,
        (
            "The bathtub analogy for stocks and flows finally made it click.",
            "I kept thinking about our hiring pipeline. So many delays.",
            "Chapter 3 on resilience versus efficiency is going to stay with me.",
        ),
    ),
    ThreadSpec(
        "book-club",
        Q,
        "Audiobooks or print for non-fiction?",
        """
        I listen to most books on my commute, but I struggle to remember non-fiction.
        Do you take notes? Or do you stick to print for that?
        """,
        (
            "Audio first, then buy the print copy of the ones worth rereading.",
            "I bookmark passages in the app and write a short summary each weekend.",
            "Print for anything I want to discuss. I need to underline things.",
        ),
    ),
    ThreadSpec(
        "book-club",
        D,
        "Books that changed how you work",
        """
        One book, one sentence on what changed. I'll start: *Deep Work* by Cal Newport.
        I now block two mornings a week without meetings.
        """,
        (
            "*Crucial Conversations*: I prepare for hard conversations instead of hoping "
            "they go well.",
            "*The Mom Test*: I stopped asking customers whether they would like a feature.",
            "*Atomic Habits*: small changes, measured weekly.",
            "*Radical Candor*: it gave me words for caring and challenging at the same time.",
            "*Working Backwards*: we now write the announcement before we build.",
        ),
    ),
    ThreadSpec(
        "book-club",
        Q,
        "Book suggestions for someone moving into management?",
        """
        I'm starting my first management role next month. Which book would you read first?
        """,
        (
            "*The Manager's Path*, even outside engineering.",
            "*The Making of a Manager* by Julie Zhuo: practical and honest.",
            "Also look at the New Manager Cohort; the next intake opens soon.",
        ),
    ),
    # Photography
    ThreadSpec(
        "photography",
        D,
        "Weekly theme: reflections",
        """
        This week's theme is **reflections**: puddles, windows, water, mirrors. Post one
        photo and one sentence about how you took it. The best photo goes on the home page.
        """,
        (
            "Shot the office windows at sunset from across the street. Phone, no edits.",
            "A puddle on the way to the station, camera almost touching the water.",
            "Marina Bay at night, long exposure on a railing because I forgot my tripod.",
        ),
    ),
    ThreadSpec(
        "photography",
        Q,
        "Phone or mirrorless for travel?",
        """
        I'm going to Japan for two weeks. Is a mirrorless camera worth the weight, or are
        phones good enough now?
        """,
        (
            "Phones are great in daylight. In low light and for zoom, a small mirrorless "
            "still wins.",
            "Take a single prime lens. It's light and makes you think about composition.",
            "Whatever you take, back up every night.",
        ),
    ),
    ThreadSpec(
        "photography",
        D,
        "Photo walk: Gardens by the Bay",
        """
        Thanks to everyone who came on Saturday! Twelve of us, three hours, hundreds of
        photos. Add your favourites to this thread.
        """,
        (
            "The Supertrees at blue hour were worth the wait.",
            "Learned more about exposure in three hours than in a year of reading.",
            "Chinatown next time?",
        ),
    ),
    ThreadSpec(
        "photography",
        Q,
        "Export settings for the intranet gallery?",
        """
        My photos look soft after uploading. Which export settings do you use?
        """,
        (
            "2048 px on the long edge, JPEG quality 80, sRGB, with output sharpening for screen.",
            "Check you're not exporting in Adobe RGB; the colours look flat in a browser.",
        ),
    ),
    ThreadSpec(
        "photography",
        D,
        "Street photography etiquette: asking permission",
        """
        When do you ask before taking someone's photo? The rules differ a lot between
        countries and I'd like to get it right when travelling.
        """,
        (
            "If the person is the subject, I ask. If they're part of the scene I don't, "
            "but I delete the photo if asked.",
            "In Germany you need consent to publish photos of recognisable people, even "
            "where taking them is allowed.",
            "Show people the photo afterwards. Most of them love it.",
        ),
    ),
    # Security Champions
    ThreadSpec(
        "security-champions",
        D,
        "Champion responsibilities and monthly rota",
        """
        As a Security Champion you:

        - review security-relevant pull requests in your team;
        - triage dependency alerts every week;
        - bring one topic to the monthly champions call.

        The presentation rota is in the group library. Thanks for volunteering!
        """,
        (
            "Could someone swap with me next month? I'm on leave.",
            "OP: Done, you're now presenting the month after.",
        ),
        pinned=True,
    ),
    ThreadSpec(
        "security-champions",
        Q,
        "Secrets in CI logs: how do you scan for them?",
        """
        We found a token printed in a CI log last week (revoked since). What do you use to
        catch secrets before they reach logs or the repository?
        """,
        (
            "A pre-commit hook with a secret scanner, plus the same scan in CI so it can't "
            "be skipped.",
            "Mask variables in the CI settings. And never `set -x` in scripts that handle tokens.",
            "When in doubt, rotate. Revoking costs minutes; a leak costs weeks.",
            "We added a check that fails the build when a log line matches known token patterns.",
        ),
    ),
    ThreadSpec(
        "security-champions",
        D,
        "Phishing simulation results: last quarter",
        """
        The click rate went from 11% to 6%. The reporting rate went from 23% to 41%, which
        matters even more. Finance and Sales improved the most. Thanks to everyone who ran
        the short team sessions!
        """,
        (
            "Great trend. Which template was clicked most?",
            'OP: The fake "shared document" notification. Again.',
            "Let's thank the teams with the best reporting rate in the company news.",
        ),
    ),
    ThreadSpec(
        "security-champions",
        Q,
        "Auto-merge patch releases of dependencies?",
        """
        Should we auto-merge patch updates when CI passes? Half the team loves the idea,
        the other half thinks it's how supply-chain attacks get in.
        """,
        (
            "Auto-merge patch updates for development dependencies only; review runtime ones.",
            "Wait a few days after a release before merging. Most malicious versions are "
            "pulled quickly.",
            "Whatever you decide, keep lock files with hashes, so what you tested is what "
            "you deploy.",
        ),
    ),
    ThreadSpec(
        "security-champions",
        D,
        "Threat modelling notes: file uploads",
        """
        Notes from Tuesday's session on avatar and attachment uploads:

        - check the type by content, not by extension;
        - cap the size before reading anything into memory;
        - serve user files from a separate domain, never as inline HTML;
        - strip metadata from photos (location!).

        Owners for each item are in the ticket.
        """,
        (
            "Good call on the metadata: people don't realise their photos carry GPS coordinates.",
            "Should we also scan uploads for malware?",
            "OP: Yes, added as a follow-up.",
        ),
    ),
    # Leadership Forum
    ThreadSpec(
        "leadership-forum",
        D,
        "Half-year planning principles: draft for comment",
        """
        Draft principles for planning the next half-year:

        1. Fewer priorities, fully staffed.
        2. Every priority has one accountable owner.
        3. Learning time is planned, not squeezed in.
        4. We stop one thing for every new thing we start.

        Comments by Friday, please.
        """,
        (
            "Strong support for #4. Can we list what we stop explicitly in the plan?",
            "#3 needs a number, otherwise it won't survive the first busy month.",
            "OP: Proposal: 5% of everyone's time, visible in team plans.",
            "Agreed. We'll pilot it in Customer Success first.",
        ),
        pinned=True,
    ),
    ThreadSpec(
        "leadership-forum",
        Q,
        "Learning budgets after the reorg",
        """
        With teams moving between departments, how are you handling individual learning
        budgets that were approved before the move?
        """,
        (
            "We honour anything approved before the reorg date, no new approval needed.",
            "Budgets move with the person, not the team. Simpler for everyone.",
            "Let's make that the company rule and announce it in the news.",
        ),
    ),
    ThreadSpec(
        "leadership-forum",
        D,
        "Skip-level conversations: what's working?",
        """
        Several of us started monthly skip-levels this quarter. What's working, and what
        isn't?
        """,
        (
            "An open agenda works better than a survey. People bring what matters to them.",
            "Closing the loop is key: a month later I share what I did with the input.",
            "Small groups of three felt safer than 1:1s for some people.",
        ),
    ),
    ThreadSpec(
        "leadership-forum",
        Q,
        "Offsite format: two days or three?",
        """
        We're planning the next leadership offsite. Two full days, or three
        shorter days with time to think in between?
        """,
        (
            "Three shorter days. Last time the best ideas came on the walk on day two.",
            "Two days: the journey from Singapore and Nairobi is long enough already.",
            "Both: two days together, plus an optional half-day for those who arrive early.",
        ),
    ),
    ThreadSpec(
        "leadership-forum",
        D,
        "Succession planning: first pass due at the end of the month",
        """
        Please add a first pass for the critical roles in your area by the end of the
        month. The template is short: role, ready now, ready in 1–2 years, development
        actions.
        """,
        (
            "Is it OK to list the same person for two roles?",
            "OP: Yes, that's useful information in itself.",
        ),
    ),
)

# Replies that fit any conversation, used when a thread is busier than its script.
GENERIC_REPLIES: tuple[str, ...] = (
    "Thanks for starting this thread, really useful.",
    "Following. The same question came up in our team this week.",
    "Bookmarked. Could this go into the group library?",
    "Great points above; nothing to add except thank you.",
    "Sharing this with a couple of colleagues who joined recently.",
    "Late to the thread, but this matches my experience exactly.",
    "Could we pick this up in the next session? Happy to help prepare.",
    "+1. This came up in my 1:1 last week too.",
)

ITEM_SPECS: tuple[ItemSpec, ...] = (
    ItemSpec(
        title="How to write a thread people will answer",
        kind=LibraryItem.Kind.ARTICLE,
        author="Dana Demo",
        summary="A clear title, the context and one question: five minutes that save a day.",
        level=BEGINNER,
        minutes=3,
        body="""
            Good questions get good answers. Before you post:

            1. **Title**: the question itself, not "Help!" or "Quick question".
            2. **Context**: what you are trying to do and why.
            3. **What you tried**, and what happened.
            4. **One question** per thread, so answers stay focused.

            Mark the thread as a *Question* so it is easy to find later, and reply when
            you've solved it: the next person will thank you.
            """,
    ),
    ItemSpec(
        title="Giving feedback with SBI (Situation – Behaviour – Impact)",
        kind=LibraryItem.Kind.ARTICLE,
        author="Hannah Goldberg",
        summary="A simple structure for feedback that is specific, fair and easy to hear.",
        level=BEGINNER,
        minutes=6,
        body="""
            ## The model

            - **Situation**: when and where it happened.
            - **Behaviour**: what the person did, as a camera would have seen it.
            - **Impact**: what it caused, for you, the team or the customer.

            ## An example

            > In Tuesday's demo (S), you walked the customer through their own data
            > instead of our sample account (B). They asked three follow-up questions
            > and booked a pilot (I).

            ## Tips

            - Describe behaviour, not intent or personality.
            - Give it soon, and in private if it's critical.
            - End with a question: *"How did you see it?"*
            """,
    ),
    ItemSpec(
        title="Running effective 1:1s",
        kind=LibraryItem.Kind.LINK,
        author="Aisha Okafor",
        summary="A practical guide to 1:1s that belong to your report, not to status updates.",
        level=INTERMEDIATE,
        minutes=20,
        url="https://learning.example.com/managers/effective-one-on-ones",
    ),
    ItemSpec(
        title="Learning How to Learn",
        kind=LibraryItem.Kind.LINK,
        author="Beatriz Santos",
        summary="The popular course on focus, memory and beating procrastination.",
        level=BEGINNER,
        minutes=600,
        url="https://learning.example.com/coursera/learning-how-to-learn",
        provider="Coursera",
    ),
    ItemSpec(
        title="Time Management Fundamentals",
        kind=LibraryItem.Kind.VIDEO,
        author="Faith Achieng",
        summary="Plan your week, protect focus time and say no without guilt.",
        level=BEGINNER,
        minutes=80,
        url="https://learning.example.com/linkedin/time-management-fundamentals",
        provider="LinkedIn Learning",
    ),
    ItemSpec(
        title="Fundamentals of Data Engineering",
        kind=LibraryItem.Kind.LINK,
        author="Arjun Menon",
        summary="The data engineering lifecycle, from ingestion to serving, in one book.",
        level=ADVANCED,
        minutes=720,
        url="https://learning.example.com/oreilly/fundamentals-of-data-engineering",
        provider="O'Reilly",
    ),
    ItemSpec(
        title="Your first week: a checklist",
        kind=LibraryItem.Kind.ARTICLE,
        author="Grace Liu",
        summary="Accounts, people to meet and policies to read in your first five days.",
        level=BEGINNER,
        minutes=5,
        body="""
            Welcome! Work through this list with your onboarding buddy.

            **Day 1**
            - Sign in to email, chat and SociaLearn; add a photo and a short bio.
            - Join the *Welcome Crew* group and introduce yourself.

            **Days 2–3**
            - Request access to the tools your team uses (via the IT portal).
            - Complete the security awareness module.
            - Read the expense policy: https://intranet.example.com/policies/expenses

            **Days 4–5**
            - Meet your buddy and three people outside your team.
            - Join one group for work and one just for fun.
            """,
    ),
    ItemSpec(
        title="Writing for a global audience",
        kind=LibraryItem.Kind.ARTICLE,
        author="Mariana Costa",
        summary="Plain English that works for colleagues in six offices and many languages.",
        level=BEGINNER,
        minutes=7,
        body="""
            Half of us read English as a second or third language. A few habits help:

            - Short sentences, one idea each.
            - No idioms: "touch base" and "ballpark" don't translate.
            - Write dates as *12 June 2026*, not 06/12.
            - Give times with a time zone, or better, use the time-zone-aware event links.
            - Put the ask in the first line.
            """,
    ),
    ItemSpec(
        title="Psychological safety in teams",
        kind=LibraryItem.Kind.VIDEO,
        author="Kavya Iyer",
        summary="What it is, why it matters for learning, and what leaders can do tomorrow.",
        level=INTERMEDIATE,
        minutes=45,
        url="https://learning.example.com/linkedin/psychological-safety",
        provider="LinkedIn Learning",
    ),
    ItemSpec(
        title="Your learning budget: what it covers and how to claim it",
        kind=LibraryItem.Kind.ARTICLE,
        author="Dana Demo",
        summary="Courses, books, conferences: what's included and the three steps to claim.",
        level=BEGINNER,
        minutes=4,
        body="""
            Everyone has a yearly learning budget. It covers:

            - online courses and certifications;
            - books and audiobooks;
            - conferences and workshops (travel is agreed with your manager).

            **How to claim**

            1. Agree the learning goal with your manager in your next 1:1.
            2. Buy it yourself, or ask People & Learning to buy it for you.
            3. Submit the receipt in the expense tool under *Learning*.

            Questions? Ask in the *Feedback & Coaching* group or message the People &
            Learning team.
            """,
    ),
    ItemSpec(
        title="Presenting with Confidence",
        kind=LibraryItem.Kind.LINK,
        author="Camila Rodrigues",
        summary="Structure a talk, handle nerves and answer questions you didn't expect.",
        level=INTERMEDIATE,
        minutes=180,
        url="https://learning.example.com/coursera/presenting-with-confidence",
        provider="Coursera",
    ),
    ItemSpec(
        title="Async-first meetings: a practical guide",
        kind=LibraryItem.Kind.ARTICLE,
        author="Priya Raman",
        summary="Fewer meetings across time zones: write first, meet only to decide.",
        level=INTERMEDIATE,
        minutes=8,
        body="""
            With offices from São Paulo to Singapore, a meeting that suits everyone
            rarely exists. We write first:

            1. **A short document** with the context and the decision needed.
            2. **Comments** for 48 hours, in everyone's working hours.
            3. **A meeting only if** there is still disagreement, with the people who
               disagree.

            Record decisions in the thread where the discussion happened, so the next
            person finds them.
            """,
    ),
    ItemSpec(
        title="Packaging internal libraries with pyproject.toml",
        kind=LibraryItem.Kind.ARTICLE,
        author="Jonas Weber",
        group="python-guild",
        summary="Move from setup.py to pyproject.toml, step by step, with the gotchas.",
        level=INTERMEDIATE,
        minutes=12,
        body="""
            A minimal `pyproject.toml` for an internal library:

            ```toml
            [build-system]
            requires = ["setuptools>=75"]
            build-backend = "setuptools.build_meta"

            [project]
            name = "billing-utils"
            version = "2.4.0"
            requires-python = ">=3.11"
            dependencies = ["httpx>=0.27"]
            ```

            **Gotchas**

            - Package data needs `[tool.setuptools.package-data]`.
            - Check what's in the wheel: `unzip -l dist/*.whl`.
            - Delete `setup.py` and `setup.cfg` in the same pull request, so there is one
              source of truth.
            """,
    ),
    ItemSpec(
        title="Fluent Python, 2nd Edition",
        kind=LibraryItem.Kind.LINK,
        author="Rafael Oliveira",
        group="python-guild",
        summary="The book for going from writing Python to writing idiomatic Python.",
        level=ADVANCED,
        minutes=900,
        url="https://learning.example.com/oreilly/fluent-python",
        provider="O'Reilly",
    ),
    ItemSpec(
        title="Show-and-tell recording: Celery beat in practice",
        kind=LibraryItem.Kind.VIDEO,
        author="Jonas Weber",
        group="python-guild",
        summary="How we replaced cron scripts with scheduled tasks, and what we learned.",
        level=INTERMEDIATE,
        minutes=25,
        url="https://learning.example.com/recordings/python-guild/celery-beat",
    ),
    ItemSpec(
        title="SQL window functions: a cheat sheet",
        kind=LibraryItem.Kind.ARTICLE,
        author="Arjun Menon",
        group="data-analytics",
        summary="LAG, ROW_NUMBER, moving averages and running totals, with examples.",
        level=INTERMEDIATE,
        minutes=10,
        body="""
            | Need | Function |
            |---|---|
            | Compare with the previous row | `LAG(x) OVER (ORDER BY t)` |
            | Latest record per customer | `ROW_NUMBER() OVER (PARTITION BY c ORDER BY t DESC)` |
            | 7-day moving average | `AVG(x) OVER (ORDER BY d ROWS 6 PRECEDING)` |
            | Running total | `SUM(x) OVER (ORDER BY t)` |
            | First value in a group | `FIRST_VALUE(x) OVER (PARTITION BY c ORDER BY t)` |

            Collected from the thread *SQL window functions: share your favourite trick*.
            """,
    ),
    ItemSpec(
        title="Learning dbt",
        kind=LibraryItem.Kind.VIDEO,
        author="Elif Demir",
        group="data-analytics",
        summary="Models, tests and documentation for analysts who already know SQL.",
        level=BEGINNER,
        minutes=120,
        url="https://learning.example.com/linkedin/learning-dbt",
        provider="LinkedIn Learning",
    ),
    ItemSpec(
        title="Handling pricing objections: the talk track",
        kind=LibraryItem.Kind.ARTICLE,
        author="Sophie Clarke",
        group="sales-enablement",
        summary="What to say when the buyer says you're too expensive, and what not to.",
        level=INTERMEDIATE,
        minutes=8,
        body="""
            **1. Acknowledge.** "That's a fair thing to look at closely."

            **2. Clarify.** "Compared with what, exactly? Which modules are included?"

            **3. Reframe on cost.** Bring back the numbers from discovery: time to
            onboard, attrition in the first year, hours spent on manual training.

            **4. Trade, don't discount.** Longer term, case study, reference call.

            *Never* discount in the same call as the objection.
            """,
    ),
    ItemSpec(
        title="Discovery call question bank",
        kind=LibraryItem.Kind.LINK,
        author="Marcus Johnson",
        group="sales-enablement",
        summary="Forty questions on goals, budget, timing and decision process.",
        level=BEGINNER,
        minutes=15,
        url="https://learning.example.com/sales/discovery-question-bank",
    ),
    ItemSpec(
        title="First 30 days with an enterprise customer",
        kind=LibraryItem.Kind.ARTICLE,
        author="Samantha Patel",
        group="customer-success-playbook",
        summary="Kickoff, the one goal, SSO, weekly summaries: the checklist we use.",
        level=INTERMEDIATE,
        minutes=10,
        body="""
            - [ ] Kickoff with the sponsor, the admin and the champion.
            - [ ] One measurable goal, written down and agreed.
            - [ ] SSO and user provisioning tested in week one.
            - [ ] 30-day review booked during the kickoff.
            - [ ] Weekly summary email, every Friday.
            - [ ] Health score baseline recorded on day 30.
            """,
    ),
    ItemSpec(
        title="Running a QBR customers want to attend",
        kind=LibraryItem.Kind.ARTICLE,
        author="Amina Hassan",
        group="customer-success-playbook",
        summary="Less reporting, more planning: a QBR agenda built around the customer's goals.",
        level=ADVANCED,
        minutes=12,
        body="""
            A good QBR is a planning meeting, not a report.

            1. **Their goals** for the next quarter (10 minutes, they talk).
            2. **What worked** against last quarter's goals, with one story.
            3. **What didn't**, and what we'll change.
            4. **The plan**: three actions, owners on both sides.

            Send the usage data beforehand; don't read it out loud.
            """,
    ),
    ItemSpec(
        title="Module 1 pre-reading: from peer to manager",
        kind=LibraryItem.Kind.ARTICLE,
        author="Dana Demo",
        group="new-manager-cohort-spring",
        summary="Your first 90 days: relationships, expectations and early wins.",
        level=BEGINNER,
        minutes=15,
        body="""
            ## Your first 90 days

            - **Weeks 1–2: listen.** A 1:1 with everyone: what's working, what isn't,
              what they want from you.
            - **Weeks 3–6: clarify.** Agree expectations with your manager and your team.
            - **Weeks 7–12: one early win** the team cares about, not one that impresses
              upwards.

            ## Before Tuesday

            Write down three things you'll miss about being an individual contributor,
            and one you won't.
            """,
    ),
    ItemSpec(
        title="Managing People: Foundations",
        kind=LibraryItem.Kind.LINK,
        author="Hannah Goldberg",
        group="new-manager-cohort-spring",
        summary="Motivation, delegation and performance conversations for new managers.",
        level=INTERMEDIATE,
        minutes=300,
        url="https://learning.example.com/coursera/managing-people-foundations",
        provider="Coursera",
    ),
    ItemSpec(
        title="Secrets hygiene checklist",
        kind=LibraryItem.Kind.ARTICLE,
        author="Kwame Mensah",
        group="security-champions",
        summary="Where secrets leak and the checks that catch them.",
        level=INTERMEDIATE,
        minutes=6,
        body="""
            - Secret scanning in pre-commit **and** in CI.
            - Masked CI variables; no `set -x` in scripts that handle tokens.
            - Short-lived credentials wherever the provider supports them.
            - A rotation runbook for every long-lived secret, tested twice a year.
            - When in doubt, rotate.
            """,
    ),
    ItemSpec(
        title="Coaching conversations: the GROW model",
        kind=LibraryItem.Kind.VIDEO,
        author="Hannah Goldberg",
        group="feedback-coaching",
        summary="Goal, Reality, Options, Will: a simple shape for coaching conversations.",
        level=BEGINNER,
        minutes=30,
        url="https://learning.example.com/linkedin/coaching-grow-model",
        provider="LinkedIn Learning",
    ),
    ItemSpec(
        title="Everything we have read so far",
        kind=LibraryItem.Kind.LINK,
        author="Mariana Costa",
        group="book-club",
        summary="The Book Club's reading list since we started, with a one-line verdict each.",
        level=BEGINNER,
        minutes=5,
        url="https://learning.example.com/book-club/reading-list",
    ),
)

NEWS_SPECS: tuple[NewsSpec, ...] = (
    NewsSpec(
        title="Welcome to SociaLearn: our new home for learning together",
        category=NewsPost.Category.COMPANY,
        author="Aisha Okafor",
        summary="Groups, discussions, a shared library and company news, all in one place.",
        body="""
            Today we're launching **SociaLearn**, the place to ask questions, share what
            you know and find the people who can help.

            - **Groups** for topics, teams, clubs and cohorts: join as many as you like.
            - **Discussions** where questions get answered once and stay findable.
            - **The library**: articles, courses and recordings, recommended by colleagues.

            Start by completing your profile and joining two groups. See you there!
            """,
        days_ago=21,
        pinned=True,
        hero=(29, 79, 184),
        hero_alt="Abstract shapes in blue: overlapping circles joined by lines.",
    ),
    NewsSpec(
        title="Learning budget: what's new this year",
        category=NewsPost.Category.LEARNING,
        author="Hannah Goldberg",
        summary="The same budget per person, now covering conferences and coaching too.",
        body="""
            Your yearly learning budget now also covers **conferences** and **external
            coaching**. Claims go through the expense tool under *Learning*.

            Read *Your learning budget: what it covers and how to claim it* in the library
            for the details.
            """,
        days_ago=44,
    ),
    NewsSpec(
        title="Learning Week: sessions in every office",
        category=NewsPost.Category.EVENTS,
        author="Dana Demo",
        summary="Five days of short sessions run by colleagues, in person and online.",
        body="""
            Learning Week is back! Sessions are 30–45 minutes, run by colleagues, and
            repeated for Asia-Pacific and the Americas.

            | Day | Theme |
            |---|---|
            | Monday | Writing for a global audience |
            | Tuesday | Feedback that lands |
            | Wednesday | SQL for everyone |
            | Thursday | Presenting with confidence |
            | Friday | Show-and-tell from the guilds |

            Want to run a session? Reply in the *Feedback & Coaching* group.
            """,
        days_ago=9,
        hero=(15, 122, 85),
        hero_alt="Abstract shapes in green: a calendar grid with five highlighted days.",
        video_url="https://www.youtube.com/watch?v=ZXsQAXx_ao0",
        must_read=True,
    ),
    NewsSpec(
        title="São Paulo team closes our largest LATAM deal",
        category=NewsPost.Category.WINS,
        author="Marcus Johnson",
        summary="A 6,000-seat rollout for a retail group, won by a team across three offices.",
        body="""
            Congratulations to Thiago and the São Paulo team, with support from Customer
            Success and Solutions Engineering in Berlin!

            What made the difference: a pilot with clear goals, a champion in HR *and* in
            IT, and a business case the customer wrote with us.
            """,
        days_ago=15,
    ),
    NewsSpec(
        title="Nairobi office moves to Westlands",
        category=NewsPost.Category.COMPANY,
        author="Wanjiru Kamau",
        summary="More space, a proper training room and a shorter commute for most of us.",
        body="""
            From the first of next month the Nairobi team works from our new office in
            Westlands. The training room seats thirty and is open for any team to book.
            """,
        days_ago=52,
    ),
    NewsSpec(
        title="The New Manager Cohort – Spring is under way",
        category=NewsPost.Category.LEARNING,
        author="Dana Demo",
        summary="Twelve new managers from five offices, eight weeks, one Tuesday session a week.",
        body="""
            Our second cohort of new managers started this week. Over eight weeks they
            work on delegation, feedback and coaching, and practise with each other.

            Interested in the next cohort? Talk to your manager or to People & Learning.
            """,
        days_ago=33,
    ),
    NewsSpec(
        title="Customer satisfaction reaches 94%, our best quarter yet",
        category=NewsPost.Category.WINS,
        author="Samantha Patel",
        summary="Up five points, thanks to faster first responses and better onboarding.",
        body="""
            Customer satisfaction reached **94%**, up from 89%. The median first response
            time dropped to under two hours, and new customers reach their first goal
            eleven days sooner than last year.

            Thank you to everyone in Support and Customer Success, and to everyone who
            answered a customer question in the *Customer Success Playbook* group.
            """,
        days_ago=5,
    ),
    NewsSpec(
        title="Hack day results: 14 teams, 3 projects going to production",
        category=NewsPost.Category.EVENTS,
        author="Priya Raman",
        summary="From a Slack digest to an accessibility checker: what we built in 24 hours.",
        body="""
            Fourteen teams from every department took part. Three projects go to production:

            1. A weekly digest of unanswered questions in your groups.
            2. An accessibility checker for library articles.
            3. A forecast helper for Finance, built by Finance and Engineering together.

            Recordings of all demos are in the *Python Guild* library.
            """,
        days_ago=58,
    ),
    NewsSpec(
        title="Photo walk season: join a walk in your city",
        category=NewsPost.Category.EVENTS,
        author="Zoë Fischer",
        summary="Saturday photo walks in all six cities this month. Phones welcome.",
        body="""
            The Photography group runs a photo walk in every office city this month. No
            experience or camera needed; your phone is perfect. Sign up in the group.
            """,
        days_ago=12,
    ),
    NewsSpec(
        title="Certification: pricing and packaging",
        category=NewsPost.Category.LEARNING,
        author="Marcus Johnson",
        summary="A short certification on the new packaging, due by the end of the quarter.",
        body="""
            Everyone in Sales and Solutions Engineering completes the pricing and packaging
            certification by the end of the quarter: a 20-minute module and a recorded
            roleplay. The talk track is in the *Sales Enablement* library.
            """,
        days_ago=3,
        audience="sales-enablement",
        must_read=True,
    ),
    NewsSpec(
        title="Half-year all-hands: agenda and your questions",
        category=NewsPost.Category.COMPANY,
        author="Aisha Okafor",
        summary="Results, priorities for the second half, and your questions answered live.",
        body="""
            The half-year all-hands is next week, twice: at 09:00 London time for Europe,
            Africa and Asia-Pacific, and at 16:00 London time for the Americas.

            **Agenda**

            1. First-half results
            2. Priorities for the second half
            3. Your questions, answered live

            Send questions in advance, anonymously if you prefer.
            """,
        days_ago=-3,
        important=True,
    ),
    NewsSpec(
        title="Mentoring programme opens in January",
        category=NewsPost.Category.LEARNING,
        author="Dana Demo",
        summary="Pair up with a mentor from another team for six months.",
        body="""
            From January, anyone can ask for a mentor from another team or office: six
            months, an hour a month, with a short guide for both sides.

            *Draft: dates and the sign-up form to confirm with People Partners.*
            """,
        days_ago=-20,
        draft=True,
    ),
)

_TRANSLITERATE = str.maketrans({"ø": "o", "Ø": "O", "ı": "i", "ł": "l", "ß": "ss"})


def demo_logo(colour: tuple[int, int, int]) -> bytes:
    """A partner's logo for the demo: a coloured mark on a transparent ground, PNG."""
    image = Image.new("RGBA", (240, 120), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((8, 8, 112, 112), radius=24, fill=(*colour, 255))
    draw.ellipse((36, 36, 84, 84), fill=(255, 255, 255, 255))
    for n in range(3):
        draw.rounded_rectangle((128, 24 + n * 30, 232 - n * 24, 40 + n * 30), radius=8,
                               fill=(*colour, 255 - n * 60))  # fmt: skip
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def demo_hero(colour: tuple[int, int, int]) -> bytes:
    """A hero picture for a demo news post: soft shapes on a tinted ground, PNG."""
    width, height = 1600, 900
    image = Image.new("RGB", (width, height), tuple(255 - (255 - c) // 6 for c in colour))
    draw = ImageDraw.Draw(image)
    for n in range(7):
        x, y, r = 180 + n * 210, 300 + (n % 3) * 140, 90 + (n % 4) * 35
        shade = tuple(min(255, c + n * 18) for c in colour)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=shade)
        if n:
            draw.line((x - 210, 300 + ((n - 1) % 3) * 140, x, y), fill=colour, width=8)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def demo_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF with a title and a few lines of text (Helvetica), for the demo's
    shared file: objects, a cross-reference table of their byte offsets, a trailer."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = [f"BT /F1 20 Tf 72 760 Td ({escape(title)}) Tj ET"]
    text += [f"BT /F1 12 Tf 72 {720 - 24 * n} Td ({escape(line)}) Tj ET"
             for n, line in enumerate(lines)]  # fmt: skip
    stream = "\n".join(text).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def email_for(name: str) -> str:
    """first.last@example.com, in plain ASCII: "Søren Lindqvist" -> soren.lindqvist."""

    def ascii_word(text: str) -> str:
        text = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
        return re.sub(r"[^a-z]", "", text.encode("ascii", "ignore").decode().lower())

    *first, last = name.split()
    return f"{ascii_word(''.join(first))}.{ascii_word(last)}@example.com"


def md(text: str) -> str:
    """Corpus text is indented with the code; Markdown wants it flush left."""
    return textwrap.dedent(text).strip()


class DemoSeeder:
    """Creates the demo company in one pass; choices come from one seeded generator."""

    def __init__(self, *, rng: random.Random, now: datetime.datetime) -> None:
        self.rng = rng
        self.now = now
        self.people: dict[str, User] = {}
        self.groups: dict[str, Group] = {}
        self.members: dict[str, list[User]] = {}
        self.counts: dict[str, int] = {}

    def ago(self, days: float) -> datetime.datetime:
        return self.now - datetime.timedelta(days=days)

    def run(self) -> dict[str, int]:
        self.create_people()
        self.create_groups()
        self.create_guest()
        self.create_threads()
        self.create_connections()
        self.create_requests()
        self.create_library()
        self.create_sessions()
        self.create_news()
        self.create_trust()
        self.deactivate_former_colleague()
        return self.counts

    # People

    def create_people(self) -> None:
        rng = self.rng
        password = make_password(DEMO_PASSWORD)
        users: list[User] = []
        details: dict[int, dict[str, str]] = {}
        for spec in PEOPLE_SPECS:
            location, tz = OFFICES[spec.office]
            user = User.objects.create_user(
                email=spec.email or email_for(spec.name),
                password=None,
                display_name=spec.name,
                time_zone=tz,
            )
            user.password = password
            user.date_joined = self.ago(rng.uniform(120, 5 * 365))
            users.append(user)
            self.people[spec.name] = user
            languages = LANGUAGES[spec.office]
            details[user.pk] = {
                "job_title": spec.job_title,
                "department": spec.department,
                "team": rng.choice(TEAMS[spec.department]) if rng.random() < 0.85 else "",
                "location": location,
                "languages": ", ".join(
                    [languages[0], *rng.sample(languages[1:], rng.randint(0, len(languages) - 1))]
                ),
                "bio": self.bio(spec),
            }
        User.objects.bulk_update(users, ["password", "date_joined"])

        profiles = list(Profile.objects.filter(user__in=users))
        heads = {}  # The first person listed in each department leads it.
        for spec in PEOPLE_SPECS:
            heads.setdefault(spec.department, self.people[spec.name])
        for profile in profiles:
            head = heads[details[profile.user_id]["department"]]
            if head.pk != profile.user_id:
                details[profile.user_id]["manager"] = head
            if rng.random() < 0.4:
                handle = next(u.handle for u in users if u.pk == profile.user_id)
                details[profile.user_id]["links"] = [
                    {"label": "Team wiki page", "url": f"https://wiki.example.com/people/{handle}"}
                ]
            profile_update(profile=profile, **details[profile.user_id])
        self.give_photos(profiles)
        joined = {user.pk: user.date_joined for user in users}
        for profile in profiles:
            profile.created_at = profile.updated_at = joined[profile.user_id]
        Profile.objects.bulk_update(profiles, ["created_at", "updated_at"])
        self.give_topics(profiles)

        admin = User.objects.filter(email=ADMIN_EMAIL).first()
        if admin is None:
            admin = User.objects.create_superuser(
                email=ADMIN_EMAIL,
                password=ADMIN_PASSWORD,
                display_name="SociaLearn Admin",
                time_zone="Europe/London",
            )
            profile_update(
                profile=admin.profile,
                job_title="Platform administrator",
                department=PEOPLE,
                location=OFFICES["London"][0],
                bio="I look after SociaLearn itself. Something broken? Tell me.",
            )
        users.append(admin)

        have_address = set(
            EmailAddress.objects.filter(user__in=users).values_list("user_id", flat=True)
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=u, email=u.email, verified=True, primary=True)
            for u in users
            if u.pk not in have_address
        )
        self.counts["people"] = len(users)

    def give_photos(self, profiles: list[Profile]) -> None:
        """Most people have a photo: an abstract portrait drawn here (no downloads), put
        through the same pipeline as an upload; the rest show their initials."""
        with_photo = 0
        for profile in profiles:
            if self.rng.random() < 0.8:
                image = demo_portrait(profile.user_id * 7919 + SEED, profile.initials, size=320)
                avatar_save(profile=profile, thumbnails=avatar_thumbnails(ContentFile(image)))
                with_photo += 1
        self.counts["photos"] = with_photo

    def create_guest(self) -> None:
        name, email, title, slugs = GUEST
        guest = User.objects.create_user(
            email=email, password=None, display_name=name, time_zone="Europe/London",
            is_guest=True,
        )  # fmt: skip
        guest.password = make_password(DEMO_PASSWORD)
        guest.date_joined = self.ago(20)
        guest.save(update_fields=["password", "date_joined"])
        profile_update(
            profile=guest.profile,
            job_title=title,
            location="Lagos, Nigeria",
            languages="English, Yoruba",
            bio=(
                "I teach Kubernetes and cloud-native operations for our learning partner. "
                "Invited here to answer your **Kubernetes** and **container security** questions."
            ),
        )
        guest.profile.skills.set(topics_get_or_create(names=["Kubernetes", "Security"]))
        for slug in slugs:
            Membership.objects.create(group=self.groups[slug], user=guest)
            self.members[slug].append(guest)
        EmailAddress.objects.create(user=guest, email=email, verified=True, primary=True)
        member_counts_refresh()
        self.people[name] = guest

    def give_topics(self, profiles: list[Profile]) -> None:
        """Skills from each person's department (and a few from elsewhere: people are more
        than their job), interests from a shared list, so clubs and the expert finder
        have something to find."""
        rng = self.rng
        skill_names = sorted({n for names in SKILLS_BY_DEPARTMENT.values() for n in names})
        topics = {t.name: t for t in topics_get_or_create(names=[*skill_names, *INTERESTS])}
        skill_rows, interest_rows = [], []
        for profile in profiles:
            own = SKILLS_BY_DEPARTMENT.get(profile.department, [])
            names = rng.sample(own, min(len(own), rng.randint(2, 5)))
            names += rng.sample(skill_names, rng.randint(0, 2))
            for name in dict.fromkeys(names):
                skill_rows.append(Profile.skills.through(profile=profile, topic=topics[name]))
            for name in rng.sample(INTERESTS, rng.randint(0, 3)):
                interest_rows.append(Profile.interests.through(profile=profile, topic=topics[name]))
        Profile.skills.through.objects.bulk_create(skill_rows, ignore_conflicts=True)
        Profile.interests.through.objects.bulk_create(interest_rows, ignore_conflicts=True)
        self.counts["skills listed"] = len(skill_rows)

    def bio(self, spec: PersonSpec) -> str:
        rng = self.rng
        first = spec.name.split()[0]
        city = spec.office
        opener = rng.choice(
            (
                f"Hi, I'm {first}: {spec.job_title} in our {city} office.",
                f"{spec.job_title}, based in {city}.",
                f"Hello! {first} here, working from {city} as {spec.job_title}.",
            )
        )
        focus = rng.choice(BIO_FOCUS[spec.department])
        topics = rng.sample(BIO_TOPICS[spec.department], 2)
        hobby = rng.choice(HOBBIES)
        return (
            f"{opener}\n\nMost of my time goes into {focus}. "
            f"Ask me about **{topics[0]}** or **{topics[1]}**.\n\n*Outside work:* {hobby}."
        )

    # Groups and memberships

    def create_groups(self) -> None:
        rng = self.rng
        everyone = list(self.people.values())
        dept_of = {self.people[s.name].pk: s.department for s in PEOPLE_SPECS}
        memberships: list[Membership] = []
        groups: list[Group] = []
        for spec in GROUP_SPECS:
            owner = self.people[spec.owner]
            created = max(
                self.ago(rng.uniform(90, 400)), owner.date_joined + datetime.timedelta(days=7)
            )
            group = Group.objects.create(
                name=spec.name,
                slug=spec.slug,
                description=md(spec.description),
                description_html=render_markdown(md(spec.description)),
                kind=spec.kind,
                visibility=spec.visibility,
                created_by=owner,
            )
            group.created_at = group.updated_at = created
            groups.append(group)
            self.groups[spec.slug] = group

            chosen = [owner, *(self.people[n] for n in spec.moderators)]
            chosen += [self.people[n] for n in spec.members if self.people[n] not in chosen]
            preferred = [u for u in everyone if dept_of[u.pk] in spec.departments]
            others = [u for u in everyone if dept_of[u.pk] not in spec.departments]
            rng.shuffle(preferred)
            rng.shuffle(others)
            for user in preferred + others:
                if len(chosen) >= spec.size:
                    break
                if user not in chosen:
                    chosen.append(user)
            self.members[spec.slug] = chosen

            roles = {owner.pk: Membership.Role.OWNER}
            roles.update({self.people[n].pk: Membership.Role.MODERATOR for n in spec.moderators})
            for user in chosen:
                role = roles.get(user.pk, Membership.Role.MEMBER)
                if role == Membership.Role.MEMBER and group.visibility == Group.Visibility.OPEN:
                    membership = membership_join(group=group, user=user)
                else:
                    membership = Membership.objects.create(group=group, user=user, role=role)
                # Everyone joined between the group's start and the first conversation.
                since = max(created, user.date_joined)
                joined = since + (self.ago(61) - since) * rng.random()
                membership.created_at = membership.updated_at = joined
                memberships.append(membership)
        Group.objects.bulk_update(groups, ["created_at", "updated_at"])
        Membership.objects.bulk_update(memberships, ["created_at", "updated_at"], batch_size=200)
        member_counts_refresh()
        self.counts["groups"] = len(groups)
        self.counts["memberships"] = len(memberships)

    # Discussions

    def create_threads(self) -> None:
        rng = self.rng
        latest = self.now - datetime.timedelta(minutes=10)
        threads: list[Thread] = []
        posts: list[Post] = []
        generic = list(GENERIC_REPLIES)
        for spec in THREAD_SPECS:
            group = self.groups[spec.group]
            members = self.members[spec.group]
            author = members[0] if spec.pinned else rng.choice(members)
            thread = thread_create(
                user=author, group=group, title=spec.title, body=md(spec.body), kind=spec.kind
            )
            if spec.pinned:
                started = self.ago(rng.uniform(50, 60))
                n_replies = len(spec.replies)
            else:
                started = self.ago(rng.uniform(0.3, 58))
                scripted = len(spec.replies)
                n_replies = rng.choice(
                    (0, scripted - 1, scripted, scripted, scripted + 1, scripted + 2)
                )
                n_replies = max(0, min(8, n_replies, scripted + len(generic)))
            texts = list(spec.replies[:n_replies])
            texts += rng.sample(generic, n_replies - len(texts))

            span = min(latest - started, datetime.timedelta(days=rng.uniform(0.5, 9)))
            times = sorted(started + span * rng.random() for _ in texts)
            previous = author
            for text, when in zip(texts, times, strict=True):
                if text.startswith("OP: "):
                    text, replier = text.removeprefix("OP: "), author
                else:
                    pool = [u for u in members if u.pk not in {author.pk, previous.pk}]
                    replier = rng.choice(pool)
                post = post_create(user=replier, thread=thread, body=text)
                post.created_at = post.updated_at = when
                posts.append(post)
                previous = replier

            thread.created_at = thread.updated_at = started
            thread.last_activity_at = times[-1] if times else started
            thread.is_pinned = spec.pinned
            thread.view_count = rng.randint(6 + 5 * len(texts), 40 + 25 * len(texts))
            threads.append(thread)
        Thread.objects.bulk_update(
            threads,
            ["created_at", "updated_at", "last_activity_at", "is_pinned", "view_count"],
            batch_size=200,
        )
        Post.objects.bulk_update(posts, ["created_at", "updated_at"], batch_size=200)
        self.counts["threads"] = len(threads)
        self.counts["replies"] = len(posts)
        self.tag_threads(threads)
        self.accept_answers(threads, posts)
        self.create_reactions(threads, posts)

    def tag_threads(self, threads: list[Thread]) -> None:
        """Tag each thread with its group's topic and the known topics its text mentions."""
        topics = list(Topic.objects.all())
        by_name = {t.name: t for t in topics}
        slug_of = {g.pk: slug for slug, g in self.groups.items()}
        rows = []
        for thread in threads:
            text = normalize_topic(f"{thread.title} {thread.body}")
            found = [by_name[n] for n in GROUP_TOPICS.get(slug_of[thread.group_id], [])]
            found += [t for t in topics if re.search(rf"\b{re.escape(t.key)}\b", text)]
            rows += [Thread.tags.through(thread=thread, topic=t) for t in dict.fromkeys(found)][:4]
        Thread.tags.through.objects.bulk_create(rows, ignore_conflicts=True)
        self.counts["thread tags"] = len(rows)

    def accept_answers(self, threads: list[Thread], posts: list[Post]) -> None:
        """Most answered questions have an accepted answer (never the asker's own reply)."""
        replies: dict[int, list[Post]] = {}
        for post in posts:
            replies.setdefault(post.thread_id, []).append(post)
        accepted = []
        for thread in threads:
            answers = [p for p in replies.get(thread.pk, []) if p.author_id != thread.author_id]
            if thread.kind == Q and answers and self.rng.random() < 0.7:
                thread.accepted_post = self.rng.choice(answers[:3])
                thread.accepted_at = thread.accepted_post.created_at + datetime.timedelta(hours=3)
                accepted.append(thread)
        Thread.objects.bulk_update(accepted, ["accepted_post", "accepted_at"])
        # Replies were written by post_create before their times were set: the first answer's
        # time follows them.
        for thread in threads:
            firsts = [
                p.created_at for p in replies.get(thread.pk, []) if p.author_id != thread.author_id
            ]
            thread.first_reply_at = min(firsts) if thread.kind == Q and firsts else None
        Thread.objects.bulk_update(threads, ["first_reply_at"])
        self.counts["accepted answers"] = len(accepted)

    def create_connections(self) -> None:
        """Follows between colleagues, and endorsements of skills people list."""
        rng = self.rng
        people = [u for u in self.people.values() if not u.is_guest]
        follows, endorsements = [], []
        skills: dict[int, list[int]] = {}
        for user_id, topic_id in Profile.skills.through.objects.values_list(
            "profile__user_id", "topic_id"
        ):
            skills.setdefault(user_id, []).append(topic_id)
        for user in people:
            others = [u for u in people if u.pk != user.pk]
            for followed in rng.sample(others, rng.randint(1, 6)):
                follows.append(Follow(follower=user, followed=followed))
            for endorser in rng.sample(others, rng.randint(0, 5)):
                if mine := skills.get(user.pk):
                    endorsements.append(
                        Endorsement(endorser=endorser, person=user, topic_id=rng.choice(mine))
                    )
        Follow.objects.bulk_create(follows, ignore_conflicts=True)
        Endorsement.objects.bulk_create(endorsements, ignore_conflicts=True)
        self.counts["follows"] = len(follows)
        self.counts["endorsements"] = len(endorsements)

    def create_requests(self) -> None:
        """Work waiting for moderators: requests to join the private cohort the demo person
        owns, an invitation for them, and advocates in the busiest groups."""
        cohort = self.groups["new-manager-cohort-spring"]
        inside = {u.pk for u in self.members["new-manager-cohort-spring"]}
        messages = [
            "I start managing two people next month. Could I join the spring cohort?",
            "My manager recommended this cohort. Happy to catch up on week 1.",
            "",
        ]
        outsiders = [u for u in self.people.values() if u.pk not in inside and not u.is_guest]
        for user, message in zip(self.rng.sample(outsiders, 3), messages, strict=True):
            JoinRequest.objects.create(group=cohort, user=user, message=message)
        security = self.groups["security-champions"]
        demo = next(u for u in self.people.values() if u.email == DEMO_EMAIL)
        if not Membership.objects.filter(group=security, user=demo).exists():
            owner = Membership.objects.get(group=security, role=Membership.Role.OWNER).user
            Invitation.objects.create(group=security, user=demo, invited_by=owner)
        for slug in ("python-guild", "feedback-coaching", "data-analytics"):
            members = Membership.objects.filter(
                group=self.groups[slug], role=Membership.Role.MEMBER
            ).order_by("pk")[:2]
            Membership.objects.filter(pk__in=[m.pk for m in members]).update(is_advocate=True)
        self.counts["join requests"] = 3

    def create_sessions(self) -> None:
        """The cohorts' classroom and online sessions: two behind them (with their
        follow-up threads), three ahead, at 10:00 London time on Tuesdays."""
        titles = [
            "Week 1: from peer to manager",
            "Week 2: giving feedback that lands",
            "Week 3: delegation without dumping",
            "Week 4: difficult conversations",
            "Week 5: growing your people",
        ]
        london = zoneinfo.ZoneInfo("Europe/London")
        today = timezone.localtime(self.now, london).date()
        tuesday = today - datetime.timedelta(days=(today.weekday() - 1) % 7 + 14)
        n = 0
        for group in Group.objects.filter(kind=Group.Kind.COHORT):
            owner = Membership.objects.get(group=group, role=Membership.Role.OWNER).user
            materials = list(LibraryItem.objects.filter(group=group)[:2])
            for week, title in enumerate(titles):
                day = tuesday + datetime.timedelta(weeks=week)
                start = datetime.datetime.combine(day, datetime.time(10), tzinfo=london)
                session = Session.objects.create(
                    group=group,
                    title=title,
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=2),
                    location="London office, Thames room" if week % 2 == 0 else "Online",
                    online_url="" if week % 2 == 0 else "https://meet.example.com/cohort",
                    description=md(
                        """
                        Bring one real situation from your team. We work in pairs, then
                        share what we learnt. Read the materials before the session.
                        """
                    ),
                    created_by=owner,
                )
                session.description_html = render_markdown(session.description)
                session.save(update_fields=["description_html"])
                session.materials.set(materials)
                n += 1
        self.counts["sessions"] = n
        self.counts["follow-up threads"] = follow_ups_open(now=self.now)
        # As if the task had opened each one when its session ended.
        for session in Session.objects.filter(follow_up__isnull=False):
            ended = session.ends_at + datetime.timedelta(minutes=5)
            Thread.objects.filter(pk=session.follow_up_id).update(
                created_at=ended, updated_at=ended, last_activity_at=ended
            )

    def create_trust(self) -> None:
        """Trust at work: a correction accepted with credit, one waiting for Dana's review,
        a great conversation, a report in a queue Dana moderates, a reply a moderator hid,
        Dana as an advocate with a queue, and the hot scores computed."""
        demo = self.people["Dana Demo"]
        welcome = Thread.objects.get(title="Welcome to the Python Guild – start here")
        guild = [u for u in self.members["python-guild"] if not u.is_guest]
        corrector = next(u for u in guild[1:] if u.pk != welcome.author_id)
        slot = (
            "- Show-and-tell every other Thursday, 15:00 London / 16:00 Berlin / 22:00 Singapore."
        )
        corrected = welcome.body.replace(
            slot,
            "- Show-and-tell every other Thursday, alternating between 15:00 London / 16:00 "
            "Berlin / 22:00 Singapore and 09:00 London / 10:00 Berlin / 16:00 Singapore.",
        )
        if corrected == welcome.body:
            raise CommandError("The welcome text changed: update the demo correction.")
        correction = correction_suggest(
            user=corrector,
            thread=welcome,
            body=corrected,
            reason="The time alternates since last month, as agreed in the replies.",
            source_url="https://intranet.example.com/python-guild/calendar",
        )
        correction_accept(user=welcome.author, correction=correction)

        coaching = self.groups["feedback-coaching"]
        lunch = thread_create(
            user=demo,
            group=coaching,
            title="Lunch & learn on feedback: the Q1 schedule",
            body=md(
                """
                Our lunch & learn sessions on giving feedback are back. They run on the
                first Monday of each month, 12:30–13:15 London time, in the Atrium and on
                the video link in the group's library.

                Bring a real situation you are preparing for: we practise in pairs.
                """
            ),
        )
        Thread.objects.filter(pk=lunch.pk).update(
            created_at=self.ago(1.2), last_activity_at=self.ago(1.2)
        )
        lunch.refresh_from_db()
        colleague = next(u for u in self.members["feedback-coaching"] if u.pk != demo.pk)
        correction_suggest(
            user=colleague,
            thread=lunch,
            body=lunch.body.replace("first Monday", "first Tuesday"),
            reason="The Atrium is booked on Mondays, so the sessions moved to Tuesdays.",
            source_url="https://intranet.example.com/rooms/atrium",
        )

        busiest = max(Thread.objects.filter(is_pinned=False), key=lambda t: (t.reply_count, t.pk))
        owner = Membership.objects.get(group_id=busiest.group_id, role=Membership.Role.OWNER)
        thread_moderate(user=owner.user, thread=busiest, action="great")
        thread_bookmark_set(user=demo, thread=busiest, saved=True)

        cohort = self.groups["new-manager-cohort-spring"]
        reported = Post.objects.filter(thread__group=cohort).exclude(author=demo).first()
        if reported is not None:
            reporter = next(
                u for u in self.members["new-manager-cohort-spring"]
                if u.pk not in {demo.pk, reported.author_id}
            )  # fmt: skip
            flag_create(
                user=reporter, thread=reported.thread, post=reported, reason="private",
                note="This names a person on my team; could it be anonymised?",
            )  # fmt: skip

        guild_thread = Thread.objects.filter(group=self.groups["python-guild"], kind=Q).first()
        spammer = guild[-1]
        spam = post_create(
            user=spammer, thread=guild_thread,
            body="Selling my conference ticket, half price, message me!",
        )  # fmt: skip
        when = guild_thread.last_activity_at + datetime.timedelta(hours=2)
        Post.objects.filter(pk=spam.pk).update(created_at=when, updated_at=when)
        Thread.objects.filter(pk=guild_thread.pk).update(last_activity_at=when)
        guild_owner = Membership.objects.get(
            group=self.groups["python-guild"], role=Membership.Role.OWNER
        ).user
        text_hide(user=guild_owner, thread=guild_thread, post=spam,
                  reason="Off topic: please use the marketplace group.")  # fmt: skip

        # Dana answers questions in the Python Guild: one is waiting in her queue.
        Membership.objects.filter(group=self.groups["python-guild"], user=demo).update(
            is_advocate=True
        )
        asker = next(u for u in guild if u.pk not in {demo.pk, corrector.pk})
        question = thread_create(
            user=asker,
            group=self.groups["python-guild"],
            kind=Q,
            title="Where do new joiners learn our Python conventions?",
            body=md(
                """
                Two new engineers start on Monday. Is there a reading list or a recorded
                session about how we structure services, test and review Python here?
                """
            ),
            tags=["Python", "Onboarding"],
        )
        Thread.objects.filter(pk=question.pk).update(
            created_at=self.ago(0.2), last_activity_at=self.ago(0.2)
        )
        self.counts["corrections"] = 2
        self.counts["highlighted threads"] = hot_scores_refresh()["highlighted"]

    def settle(self) -> None:
        """After the commit, when the notifications the seeding queued exist: the replies'
        ones are history (everyone followed what they replied to); reports, mentions and
        suggested corrections wait to be read."""
        Notification.objects.filter(kind=Notification.Kind.REPLY).update(read_at=self.now)
        unread = Notification.objects.filter(
            recipient=OuterRef("pk"), read_at__isnull=True, for_digest=False
        )
        User.objects.update(unread_notifications=SubqueryCount(unread))

    def deactivate_former_colleague(self) -> None:
        accounts_deactivate(users=[self.people[FORMER_COLLEAGUE]])

    def create_reactions(self, threads: list[Thread], posts: list[Post]) -> None:
        """A few reactions from fellow members on most threads and replies."""
        rng = self.rng
        kinds = Reaction.Kind.values
        members_of = {g.pk: self.members[slug] for slug, g in self.groups.items()}
        reactions: list[Reaction] = []
        targets = [("thread", t, t.group_id, t.author_id) for t in threads]
        targets += [("post", p, p.thread.group_id, p.author_id) for p in posts]
        for kind_of_target, target, group_id, author_id in targets:
            pool = [u for u in members_of[group_id] if u.pk != author_id]
            for user in rng.sample(pool, min(len(pool), rng.choice((0, 1, 1, 2, 3, 5)))):
                reactions.append(
                    Reaction(user=user, kind=rng.choice(kinds), **{kind_of_target: target})
                )
        Reaction.objects.bulk_create(reactions, batch_size=500)
        self.counts["reactions"] = len(reactions)

    # Library

    def create_library(self) -> None:
        items: list[LibraryItem] = []
        for spec in ITEM_SPECS:
            item = item_create(
                user=self.people[spec.author],
                title=spec.title,
                kind=spec.kind,
                group=self.groups[spec.group] if spec.group else None,
                summary=spec.summary,
                body=md(spec.body),
                url=spec.url,
                provider=spec.provider,
                level=spec.level,
                minutes=spec.minutes,
            )
            published = self.ago(self.rng.uniform(1, 60))
            item.created_at = item.updated_at = item.published_at = published
            items.append(item)
        LibraryItem.objects.bulk_update(items, ["created_at", "updated_at", "published_at"])
        self.counts["library items"] = len(items)
        self.rate_library(items)
        self.import_partner_feeds()
        self.share_files()
        self.discuss_library(items)

    def share_files(self) -> None:
        """A document shared as a file: a PDF checklist, through the same checks as an
        upload (its type read from its bytes), kept in the private storage."""
        pdf = demo_pdf(
            "New starter learning checklist",
            [
                "Week 1: sign in, fill your profile and add three skills.",
                "Week 1: join your team's group and one club.",
                "Week 2: ask one question, answer one question.",
                "Week 4: rate two library items and save one for later.",
            ],
        )
        upload = ContentFile(pdf, name="new-starter-checklist.pdf")
        item = item_share(
            user=self.people["Hannah Goldberg"], kind=LibraryItem.Kind.FILE,
            title="New starter learning checklist",
            summary="A one-page plan for your first month of learning here.",
            upload=upload, level=BEGINNER, minutes=2, topics=["Onboarding"],
        )  # fmt: skip
        LibraryItem.objects.filter(pk=item.pk).update(published_at=self.ago(3))
        self.counts["library items"] += 1

    def discuss_library(self, items: list[LibraryItem]) -> None:
        """Comments on library items: a site-wide article discussed in the Library group
        (owned by the learning team), and a group item discussed in its group."""
        library = library_discussion_group()
        for name, role in (("Hannah Goldberg", Membership.Role.OWNER),
                           ("Dana Demo", Membership.Role.MODERATOR)):  # fmt: skip
            Membership.objects.get_or_create(
                group=library, user=self.people[name], defaults={"role": role}
            )
        site_wide = next(i for i in items if i.group_id is None and i.author_id)
        in_group = next(i for i in items if i.group_id is not None and i.author_id)
        group_member = (
            Membership.objects.filter(group_id=in_group.group_id, user__is_guest=False)
            .exclude(user_id=in_group.author_id)
            .order_by("pk")
            .first()
            .user
        )
        tom = self.people["Tom Fitzgerald"]
        script = [
            (site_wide, self.people["Wei Ling Tan"], "We used this with the new joiners in "
             "Singapore: the checklist format worked really well."),
            (site_wide, tom, "Would love a version for people who lead distributed teams. "
             "Anyone have material on that?"),
            (site_wide, self.people["Dana Demo"], f"@{tom.handle} good idea: I'll ask our "
             "partners and add it to the library."),
            (in_group, group_member, "Short and to the point. The second example is the one I "
             "keep coming back to."),
        ]  # fmt: skip
        for (item, person, text), days in zip(script, (6, 5, 4.6, 2), strict=True):
            post = item_comment(user=person, item=item, body=text)
            when = self.ago(days)
            Post.objects.filter(pk=post.pk).update(created_at=when, updated_at=when)
            Thread.objects.filter(pk=post.thread_id).update(last_activity_at=when)
            Thread.objects.filter(pk=post.thread_id, created_at__gt=when).update(created_at=when)
        member_counts_refresh(group_ids=[library.pk])

    def import_partner_feeds(self) -> None:
        """Two learning partners whose feeds (bundled RSS and Atom documents, through the
        same importer the hourly job uses) filled part of the site-wide library. The
        demo has no internet, so the feeds are left inactive."""
        folder = Path(__file__).resolve().parent / "demo_feeds"
        partners = [
            ("Northwind Academy", "https://academy.northwind.example/", "northwind-academy.xml",
             (15, 122, 85)),
            ("Design Weekly", "https://designweekly.example/", "design-weekly.atom",
             (179, 38, 30)),
        ]  # fmt: skip
        created = 0
        for name, site, filename, colour in partners:
            provider = Provider(name=name, site_url=site)
            provider.logo.save("logo.webp", logo_image(demo_logo(colour)), save=False)
            provider.save()
            feed = Feed.objects.create(
                provider=provider, url=f"{site}feed", is_active=False,
                last_checked_at=self.now, last_success_at=self.now,
            )  # fmt: skip
            result = import_document(feed, (folder / filename).read_bytes())
            Feed.objects.filter(pk=feed.pk).update(imported_count=result.created)
            created += result.created
        self.counts["partner items"] = created

    def rate_library(self, items: list[LibraryItem]) -> None:
        """Topics found in each item's text, three items featured, ratings with a few
        comments, views, and Dana's saved items."""
        rng = self.rng
        topics = list(Topic.objects.all())
        links = []
        for item in items:
            text = normalize_topic(f"{item.title} {item.summary} {item.body}")
            found = [t for t in topics if re.search(rf"\b{re.escape(t.key)}\b", text)]
            links += [LibraryItem.topics.through(libraryitem=item, topic=t) for t in found[:3]]
        LibraryItem.topics.through.objects.bulk_create(links, ignore_conflicts=True)
        featured = [i.pk for i in items if i.group_id is None][:3]
        LibraryItem.objects.filter(pk__in=featured).update(is_featured=True)
        people = [u for u in self.people.values() if not u.is_guest]
        comments = [
            "Short and practical: I used it the same day.",
            "Good overview, a bit long in the middle.",
            "Exactly what I needed before my first review cycle.",
            "Useful, though the examples are US-centric.",
        ]
        n = 0
        for item in items:
            readers = rng.sample(people, rng.choice((0, 1, 2, 4, 6, 9)))
            for reader in readers:
                comment = rng.choice(comments) if rng.random() < 0.25 else ""
                rating_set(user=reader, item=item, stars=rng.choice((3, 4, 4, 5, 5)),
                           comment=comment)  # fmt: skip
                n += 1
            LibraryItem.objects.filter(pk=item.pk).update(
                view_count=len(readers) * rng.randint(3, 9) + rng.randint(0, 12)
            )
        demo = self.people["Dana Demo"]
        for item in items[:2]:
            bookmark_set(user=demo, item=item, saved=True)
        self.counts["ratings"] = n
        # Freshness: items were due six months after publishing; one of Dana's is overdue
        # (in her review queue) and a reader reported a broken link on another item.
        for item in items:
            item.review_by = (item.published_at + datetime.timedelta(days=180)).date()
        LibraryItem.objects.bulk_update(items, ["review_by"])
        overdue = next(i for i in items if i.author_id == demo.pk)
        LibraryItem.objects.filter(pk=overdue.pk).update(review_by=self.ago(12).date())
        link = next(i for i in items if i.kind == LibraryItem.Kind.LINK and i.author_id != demo.pk)
        broken_link_report(user=demo, item=link)
        # A corrected article with its history: a colleague's fix, accepted by the author.
        article = next(
            i for i in items
            if i.kind == LibraryItem.Kind.ARTICLE and i.author_id not in (None, demo.pk)
            and i.group_id is None and "\n" in i.body
        )  # fmt: skip
        corrector = next(u for u in people if u.pk not in (article.author_id, demo.pk))
        first_line, rest = article.body.split("\n", 1)
        correction = item_correction_suggest(
            user=corrector, item=article,
            body=f"{first_line}\n\n*Updated: reviewed and current this quarter.*\n{rest}",
            reason="The policy was reviewed this quarter; readers should know it is current.",
            source_url="https://intranet.example.com/policies",
        )  # fmt: skip
        item_correction_accept(user=article.author, correction=correction)

    # News

    def create_news(self) -> None:
        """Posts by the news editors (the "News editors" role): published ones with hero
        images, a video, pinned and must-read posts, one scheduled (important: emailed
        when it goes out) and one draft."""
        editors_role().user_set.add(*{self.people[spec.author] for spec in NEWS_SPECS})
        posts: list[NewsPost] = []
        for spec in NEWS_SPECS:
            hours = self.rng.uniform(0, 8)
            publish_at = self.ago(spec.days_ago) - datetime.timedelta(hours=hours)
            if spec.days_ago < 0:
                publish_at = self.ago(spec.days_ago)
            author = User.objects.get(pk=self.people[spec.author].pk)  # fresh permissions
            post = news_save(
                user=author,
                title=spec.title,
                body=md(spec.body),
                summary=spec.summary,
                category=spec.category,
                audience=self.groups[spec.audience] if spec.audience else None,
                publish_at=publish_at,
                pinned_until=self.now + datetime.timedelta(days=14) if spec.pinned else None,
                hero=ContentFile(demo_hero(spec.hero)) if spec.hero else None,
                hero_alt=spec.hero_alt,
                video_url=spec.video_url,
                is_important=spec.important,
                is_must_read=spec.must_read,
            )
            if not spec.draft:
                post = news_schedule(user=author, post=post, publish_at=publish_at)
            drafted = min(publish_at, self.now) - datetime.timedelta(hours=20 + hours)
            post.created_at = post.updated_at = drafted
            posts.append(post)
        NewsPost.objects.bulk_update(posts, ["created_at", "updated_at"])
        self.counts["news posts"] = len(posts)
        # Readers: most people opened the welcome post, some confirmed Learning Week.
        people = [u for u in self.people.values() if not u.is_guest]
        welcome, week = posts[0], next(p for p in posts if p.video_url)
        for person in self.rng.sample(people, len(people) * 3 // 4):
            news_mark_read(user=person, post=welcome)
        for person in self.rng.sample(people, len(people) // 2):
            if person.email != DEMO_EMAIL:
                news_confirm(user=person, post=week)
        demo = self.people["Dana Demo"]
        for post in posts:
            # Older published posts (drafts and scheduled ones are dated ahead).
            if post.publish_at < self.ago(10) and post is not week:
                news_mark_read(user=demo, post=post)


class Command(BaseCommand):
    help = "Create a demo company (people, groups, discussions, library, news) to explore."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.DEPLOYED:
            raise CommandError(
                "ALLOWED_HOSTS is set: this looks like a deployment. The demo accounts, an "
                "administrator among them, have published passwords; never seed them there."
            )
        if User.objects.filter(email=DEMO_EMAIL).exists():
            self.stdout.write("Demo data is already present; nothing to do.")
        else:
            started = time.monotonic()
            seeder = DemoSeeder(rng=random.Random(SEED), now=timezone.now())
            # What the seeding queues (notifications) runs here, at the commit, not later
            # in a worker, so that settle() finds it.
            eager, celery_app.conf.task_always_eager = celery_app.conf.task_always_eager, True
            try:
                with transaction.atomic():
                    counts = seeder.run()
            finally:
                celery_app.conf.task_always_eager = eager
            seeder.settle()
            summary = ", ".join(f"{n} {what}" for what, n in counts.items())
            elapsed = time.monotonic() - started
            self.stdout.write(self.style.SUCCESS(f"Created {summary} in {elapsed:.1f} s."))
        self.stdout.write(LOGINS)
