"""Site-wide pages that compose the apps: home, a group's home, a person, search, health."""

from __future__ import annotations

import datetime
import hashlib
import logging
import zoneinfo
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from cohorts.selectors import upcoming_for, upcoming_in
from content.selectors import item_list, saved_items
from discussions.experts import expert_list, expert_reason, known_topic_name, topic_name
from discussions.highlights import highlights_version
from discussions.selectors import (
    accepted_answer_list,
    questions_and_highlights,
    reply_list_by,
    saved_threads,
    thread_list_for_group,
    thread_list_recent,
)
from groups import selectors as group_selectors
from groups.models import Membership
from news.selectors import home_news, news_list
from profiles import selectors as people
from profiles.selectors import meet_version, people_epoch
from socialearn import discover
from socialearn.celery import app as celery_app
from socialearn.feed import Cursor, feed_page
from socialearn.lib.pagination import paginate
from socialearn.lib.text import query_param
from socialearn.people import person_badges, person_stats, profile_state
from socialearn.search import KINDS as SEARCH_KINDS
from socialearn.search import LIMIT as SEARCH_LIMIT
from socialearn.search import NO_FILTERS, Filters, search_all
from socialearn.suggest import MIN_LENGTH as SUGGEST_MIN_LENGTH
from socialearn.suggest import suggest

log = logging.getLogger(__name__)


def state_key(rows) -> str:
    """A cache key from what a list shows: its rows' ids and change times.

    One narrow query instead of loading and rendering the rows. Lists go through
    visible_to(), so an item that leaves the reader's sight changes the key at once; the
    people epoch changes it when a name or photo shown in the list changes.
    """
    state = repr([people_epoch(), *rows])
    return hashlib.blake2b(state.encode(), digest_size=12).hexdigest()


def home(request: HttpRequest) -> HttpResponse:
    """Home. Its lists are lazy: the template caches their rendered HTML, so on a cache hit
    the feed's rows and the sidebars are never loaded."""
    user = request.user
    my_groups = list(
        group_selectors.user_group_list(user=user)
        .annotate(advocate=F("memberships__is_advocate"))
        .only("id", "name", "slug")
    )
    feed = feed_page(user=user, group_ids=[g.pk for g in my_groups])
    # The news box: four rows, loaded at once (they also give its cache key and the
    # must-read posts the reader has not confirmed, pinned at the top until they do).
    news = list(home_news(user=user)[:4])
    must_read = [post for post in news if post.needs_confirm]
    context = {
        "my_groups": my_groups[:12],
        "more_groups": max(0, len(my_groups) - 12),
        "feed": feed,
        "feed_key": state_key(feed.state),
        "news": news,
        "news_key": state_key([(p.pk, p.updated_at, p.needs_confirm) for p in news]),
        "must_read": must_read,
    }
    # Suggestions come from the cache (no query); on a miss the box asks for them on its own.
    context["suggestions"] = discover.cached(user)
    context["completeness"] = people.completeness_for(user=user)
    # The next sessions follow joins and leaves at once (the suggestions epoch) and may
    # lag a minute behind a new session.
    context["sessions"] = cache.get_or_set(
        f"home:sessions:{user.pk}:{discover.epoch()}",
        lambda: list(upcoming_for(user=user, limit=3)),
        60,
    )
    # Questions waiting for this person (an advocate's queue) and highlighted
    # conversations: short lists that may lag two minutes.
    to_answer, highlights = cache.get_or_set(
        f"home:sidebar:{user.pk}:{highlights_version()}",
        lambda: questions_and_highlights(user=user),
        120,
    )
    context |= {
        "to_answer": to_answer,
        "highlights": highlights,
        "is_advocate": any(g.advocate for g in my_groups),
    }
    return render(request, "socialearn/home.html", context)


def feed(request: HttpRequest) -> HttpResponse:
    """The rest of the home feed, a page at a time: the "Load more" link's target (a
    page of its own without JavaScript, the next entries in place with htmx)."""
    user = request.user
    group_ids = group_selectors.user_group_list(user=user).values_list("pk", flat=True)
    cursor = Cursor.parse(request.GET.get("before", ""))
    context = {"feed": feed_page(user=user, group_ids=group_ids, cursor=cursor)}
    if request.htmx:
        return render(request, "socialearn/_feed_entries.html", context)
    return render(request, "socialearn/feed.html", context)


def suggestions(request: HttpRequest) -> HttpResponse:
    """Colleagues, groups and reading suggested to the person, each with its reason: a
    page of its own, and the home page's box when it was not in the cache yet (htmx)."""
    context = {"suggestions": discover.suggestions_for(request.user)}
    if request.htmx:
        return render(request, "socialearn/_suggestions.html", context)
    return render(request, "socialearn/suggestions.html", context)


def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    access = group_selectors.group_access(user=request.user, slug=slug)
    group, membership, readable = access.group, access.membership, access.readable
    context = {
        "group": group,
        "membership": membership,
        "readable": readable,
        "perms": access.perms,
    }
    if readable:
        threads = thread_list_for_group(group=group, reader=request.user)[:10]
        library = item_list(user=request.user, group=group)[:5]
        news = news_list(user=request.user).filter(audience=group)[:3]
        # Readers who see the same rows share the cached HTML (its key is made of the rows;
        # a group's news and its comments are for members, so members' keys differ, and
        # people who may not read the group stop above).
        context |= {
            "threads": threads,
            "feed_key": state_key(threads.values_list("pk", "last_activity_at", "updated_at")),
            "library": library,
            "news": news,
            "aside_key": state_key(
                [*library.values_list("pk", "updated_at"), *news.values_list("pk", "updated_at")]
            ),
            "sessions": upcoming_in(group=group, limit=3)
            if group.kind == group.Kind.COHORT
            else [],
            "moderators": group_selectors.member_list(group=group).filter(
                role__in=[Membership.Role.OWNER, Membership.Role.MODERATOR]
            )[:6],
        }
    return render(request, "socialearn/group_detail.html", context)


def _choices(name: str, compute) -> list[str]:
    """Filter choices (departments, locations): the same for everyone, cached briefly."""
    return cache.get_or_set(f"people:{name}", compute, 300)


def people_directory(request: HttpRequest) -> HttpResponse:
    """The people directory and expert finder ("who knows X": ?skill=)."""
    get = request.GET
    filters = {
        "q": query_param(get, "q"),
        "department": query_param(get, "department", max_length=120),
        "location": query_param(get, "location", max_length=120),
        "skill": query_param(get, "skill", max_length=50),
        "interest": query_param(get, "interest", max_length=50),
    }
    user = request.user
    profiles = people.person_list(viewer=user, **{**filters, "skill": ""})
    skill_name = ""
    if filters["skill"]:
        skill_name = topic_name(filters["skill"])
        profiles = expert_list(
            profiles=profiles, viewer=user, topic=filters["skill"], filters=filters
        )
    page = paginate(request, profiles)
    if skill_name:
        for profile in page.object_list:
            profile.reason = expert_reason(profile, skill_name)
    # The cards are the same for every employee with the same query and page; the key
    # holds the count and the people epoch (any profile change), so it follows edits,
    # sign-ups and departures. An expert list's cards are keyed on the evidence they show
    # (already loaded); a guest's on which groups they may read.
    query = request.GET.copy()
    query.pop("page", None)
    grid_state = [query.urlencode(), page.number, page.paginator.count]
    if skill_name:
        grid_state += [
            (p.pk, p.accepted_count, p.helpful_count, p.endorsement_count) for p in page.object_list
        ]
    if user.is_guest:
        grid_state += [user.pk, group_selectors.access_signature(user=user)]
    context = {
        **filters,
        "page": page,
        "grid_key": state_key(grid_state),
        "skill_name": skill_name,
        "filtered": any(filters.values()),
        "departments": people.department_list(viewer=user)
        if user.is_guest
        else _choices("departments", lambda: people.department_list(viewer=user)),
        "locations": people.location_list(viewer=user)
        if user.is_guest
        else _choices("locations", lambda: people.location_list(viewer=user)),
    }
    if not context["filtered"] and page.number == 1:
        context["people_to_meet"] = cache.get_or_set(
            f"people:meet:{user.pk}:{people_epoch()}:{meet_version(user=user)}",
            lambda: _people_to_meet(user),
            10 * 60,
        )
    return render(request, "profiles/directory.html", context)


def _people_to_meet(user) -> list:
    meet = people.people_to_meet(user=user, limit=4)
    for profile in meet:
        profile.reason = people.meet_reason(profile)
    return meet


def _their_time_now(person) -> datetime.datetime | None:
    """ "14:05 there now", when the person lives in another time zone than the reader:
    worth knowing before calling someone across the world. Naive, so the template shows
    it as it is rather than in the reader's zone."""
    if person.time_zone == timezone.get_current_timezone_name():
        return None
    return timezone.localtime(timezone=zoneinfo.ZoneInfo(person.time_zone)).replace(tzinfo=None)


def person_detail(request: HttpRequest, handle: str) -> HttpResponse:
    viewer = request.user
    person = people.person_get(handle=handle, viewer=viewer)
    profile = person.profile
    is_me = person.pk == viewer.pk
    context = {"person": person, "profile": profile, "is_me": is_me}
    if not person.is_active:
        # A former colleague: their name stays on what they wrote; the page says they left.
        return render(request, "socialearn/person_former.html", context)
    # What the person did, as the viewer may see it, is cached per viewer (see the
    # template); the key changes with their activity, the viewer's memberships and the
    # people epoch, so the lists and counts below load only on a miss.
    stats = SimpleLazyObject(lambda: person_stats(person=person, viewer=viewer))
    state = profile_state(person=person, viewer=viewer)
    activity_key = state_key([person.pk, *state.stamp])
    skills = list(people.skills_with_endorsements(person=person, viewer=viewer))
    interests = list(profile.interests.all())
    manager = profile.manager
    if manager is not None and viewer.is_guest and manager.pk != viewer.pk:
        manager = people.colleagues_of_guest(viewer).filter(pk=manager.pk).first()
    context |= {
        "local_time": _their_time_now(person),
        "manager": manager,
        "skills": skills,
        "interests": interests,
        "can_endorse": not is_me and not viewer.is_guest,
        "activity_key": activity_key,
        "stats": stats,
        "badges": SimpleLazyObject(lambda: person_badges(stats=stats, person=person)),
        "groups": group_selectors.user_group_list_visible(person=person, viewer=viewer)[:24],
        "threads": thread_list_recent(user=viewer).filter(author=person)[:5],
        "replies": reply_list_by(person=person, viewer=viewer)[:5],
        "accepted": accepted_answer_list(person=person, viewer=viewer)[:5],
        "library": item_list(user=viewer).filter(author=person)[:5],
        "following": not is_me and state.following,
    }
    if is_me:
        context["completeness"] = people.profile_completeness(
            profile, skills=len(skills), interests=len(interests)
        )
    return render(request, "socialearn/person_detail.html", context)


SEARCH_TABS = [
    ("people", _("People")),
    ("groups", _("Groups")),
    ("threads", _("Discussions")),
    ("replies", _("Replies")),
    ("library", _("Library")),
    ("news", _("News")),
]


def search(request: HttpRequest) -> HttpResponse:
    q = query_param(request.GET, "q")
    filters = Filters.from_query(request.GET, user=request.user) if q else NO_FILTERS
    results = search_all(user=request.user, q=q, filters=filters) if q else {}
    found = any(results.values())
    # The reader's groups: the filter's choices, and where to ask when nothing is found.
    my_groups = list(group_selectors.user_group_list(user=request.user).only("name", "slug"))
    kind = request.GET.get("type", "")
    kind = kind if kind in SEARCH_KINDS and results.get(kind) else ""
    tabs = [
        (name, label, len(results[name]) if len(results[name]) < SEARCH_LIMIT else "30+")
        for name, label in SEARCH_TABS
        if results.get(name)
    ]
    shown = SEARCH_LIMIT - 1 if kind else 5
    results = {name: rows[:shown] for name, rows in results.items() if not kind or name == kind}
    # A topic word ("kubernetes") gets the expert finder's box, loaded on its own
    # (search_experts): ranking the evidence takes more queries than the results.
    skill_name = known_topic_name(q) if q and not kind else None
    return render(
        request,
        "socialearn/search.html",
        {
            "q": q,
            "results": results,
            "found": found,
            "kind": kind,
            "tabs": tabs,
            "shown": shown,
            # Nothing found: ask in one of one's groups, the question prefilled.
            "ask_groups": [] if not q or found else my_groups,
            "my_groups": my_groups,
            "filters": filters,
            "since": request.GET.get("since", ""),
            "skill_name": skill_name,
        },
    )


def search_experts(request: HttpRequest) -> HttpResponse:
    """The search page's "Who knows Kubernetes" box (htmx, once the page is shown): the
    expert finder's best five with their reasons; nothing when the word is no topic or
    nobody the reader may see knows it."""
    q = query_param(request.GET, "q")
    skill_name = known_topic_name(q)
    if skill_name is None:
        return HttpResponse("")
    profiles = people.person_list(viewer=request.user)
    experts = list(expert_list(profiles=profiles, viewer=request.user, topic=q)[:5])
    if not experts:
        return HttpResponse("")
    for profile in experts:
        profile.reason = expert_reason(profile, skill_name)
    return render(
        request,
        "socialearn/_search_experts.html",
        {"experts": experts, "skill_name": skill_name, "q": q},
    )


def search_suggest(request: HttpRequest) -> HttpResponse:
    """The header box's suggestions as you type (htmx): a short list of links, the last
    one to the full search. Nothing under two characters."""
    q = query_param(request.GET, "q")
    if len(q) < SUGGEST_MIN_LENGTH:
        return HttpResponse("")
    return render(
        request,
        "socialearn/_search_suggestions.html",
        {"q": q, "suggestions": suggest(user=request.user, q=q)},
    )


def search_ask(request: HttpRequest) -> HttpResponse:
    """From a search that found nothing: ask the question in the chosen group."""
    q = query_param(request.GET, "q", max_length=200)
    group = (
        group_selectors.user_group_list(user=request.user)
        .filter(slug=request.GET.get("group", ""))
        .first()
    )
    if group is None:
        return redirect("groups:directory")
    url = reverse("discussions:thread_create", kwargs={"slug": group.slug})
    return redirect(f"{url}?{urlencode({'title': q})}" if q else url)


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache() -> None:
    cache.set("healthz", "ok", 10)
    if cache.get("healthz") != "ok":
        raise RuntimeError("cache did not return what was stored")


def _check_broker() -> None:
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


HEALTH_CHECKS = {"database": _check_database, "cache": _check_cache, "broker": _check_broker}


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when every part answers, 503 naming the part that does not."""
    status: dict[str, str] = {}
    for name, check in HEALTH_CHECKS.items():
        try:
            check()
        except Exception:  # Any failure means "down"; the log keeps the reason.
            log.exception("health check %s failed", name)
            status[name] = "down"
        else:
            status[name] = "ok"
    healthy = all(v == "ok" for v in status.values())
    return JsonResponse(
        {"status": "ok" if healthy else "down", "checks": status}, status=200 if healthy else 503
    )


def saved(request: HttpRequest) -> HttpResponse:
    """What the reader saved for later: library items and threads, each list paginated
    on its own, only what they may still see."""
    return render(
        request,
        "socialearn/saved.html",
        {
            "items": paginate(request, saved_items(user=request.user), param="items"),
            "threads": paginate(request, saved_threads(user=request.user), param="threads"),
        },
    )
