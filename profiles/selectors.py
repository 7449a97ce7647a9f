"""Reads on people."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from profiles.models import Endorsement, Follow, Profile, Topic, User, normalize_topic
from socialearn.lib.models import SubqueryCount

PEOPLE_EPOCH_KEY = "people:epoch"


def people_epoch() -> str:
    """Changes whenever a name, photo or status shown next to content changes, so cached
    HTML that shows people (a thread's replies, feeds) can key on it. No SQL: one cache
    read."""
    return str(cache.get_or_set(PEOPLE_EPOCH_KEY, lambda: str(time.time_ns()), None))


def meet_version(*, user: User) -> str:
    """Changes when the user follows or unfollows someone (their suggestions leave out
    whom they follow). One cache read."""
    return str(cache.get(f"people:meet-version:{user.pk}", 0))


def colleagues_of_guest(guest: User) -> QuerySet[User]:
    """The people an external guest may see: members of the groups they were invited to."""
    # groups imports profiles, so the membership table is reached through the relation.
    return User.objects.filter(
        learning_groups__in=guest.learning_groups.values("pk"), is_active=True
    ).distinct()


def person_get(*, handle: str, viewer: User) -> User:
    """Anyone with this handle, including former colleagues (their page says so).

    A guest sees only the people in their groups; others get a 404 as if unknown.
    """
    people = User.objects.select_related("profile__manager__profile")
    if viewer.is_guest:
        people = people.filter(Q(pk=viewer.pk) | Q(pk__in=colleagues_of_guest(viewer)))
    try:
        return people.get(handle=handle)
    except User.DoesNotExist:
        raise Http404 from None


def person_by_handle(*, handle: str, viewer: User) -> User | None:
    """An active employee named by handle (or email) whom the viewer may see, e.g. for the
    manager field. Guests are never anyone's manager."""
    handle = handle.strip().lstrip("@")
    if not handle:
        return None
    people = User.objects.active().filter(is_guest=False)
    if viewer.is_guest:
        people = people.filter(pk__in=colleagues_of_guest(viewer))
    return (
        people.select_related("profile")
        .filter(Q(handle__iexact=handle) | Q(email__iexact=handle))
        .first()
    )


def person_list(
    *,
    viewer: User,
    q: str = "",
    department: str = "",
    skill: str = "",
    interest: str = "",
    location: str = "",
) -> QuerySet[Profile]:
    """The directory: active people as profiles (with their accounts), filters combined.

    Sorted by name, except that a text search puts people who list the searched words as a
    skill first. Queried from the profile side so that the name index serves the usual
    ordering: 20 rows read in index order instead of sorting every person.
    """
    profiles = (
        Profile.objects.filter(user__is_active=True)
        .select_related("user")
        .prefetch_related("skills")
    )
    if viewer.is_guest:
        profiles = profiles.filter(user__in=colleagues_of_guest(viewer))
    if q := " ".join(q.split()):
        key = normalize_topic(q)
        profiles = profiles.filter(
            Q(search_text__icontains=q)
            | Q(user__handle__icontains=q)
            | Exists(
                Profile.skills.through.objects.filter(
                    profile_id=OuterRef("pk"), topic__key__contains=key
                )
            )
            | Exists(
                Profile.interests.through.objects.filter(
                    profile_id=OuterRef("pk"), topic__key__contains=key
                )
            )
        ).alias(
            skill_match=Exists(
                Profile.skills.through.objects.filter(profile_id=OuterRef("pk"), topic__key=key)
            )
        )
        ordering = ["-skill_match", "display_name", "pk"]
    else:
        ordering = ["display_name", "pk"]
    if skill:
        profiles = profiles.filter(skills__key=normalize_topic(skill))
    if interest:
        profiles = profiles.filter(interests__key=normalize_topic(interest))
    if department:
        profiles = profiles.filter(department=department)
    if location:
        profiles = profiles.filter(location=location)
    return profiles.order_by(*ordering)


def _distinct_values(field: str, viewer: User) -> list[str]:
    profiles = Profile.objects.filter(user__is_active=True)
    if viewer.is_guest:
        profiles = profiles.filter(user__in=colleagues_of_guest(viewer))
    return list(
        profiles.exclude(**{field: ""}).order_by(field).values_list(field, flat=True).distinct()
    )


def department_list(*, viewer: User) -> list[str]:
    """The directory's department filter (for a guest: their colleagues' only)."""
    return _distinct_values("department", viewer)


def location_list(*, viewer: User) -> list[str]:
    return _distinct_values("location", viewer)


def topic_suggestions(*, text: str, viewer: User, limit: int = 8) -> QuerySet[Topic]:
    """Topics that people the viewer can see list as skills or interests, matching the
    text: names that start with it first, then the most used.

    Only declared topics are offered: a tag used solely inside a hidden group never shows.
    """
    key = normalize_topic(text)
    if not key:
        return Topic.objects.none()
    people = Profile.objects.filter(user__is_active=True)
    if viewer.is_guest:
        people = people.filter(user__in=colleagues_of_guest(viewer))
    declared = Q(
        Exists(Profile.skills.through.objects.filter(topic=OuterRef("pk"), profile__in=people))
    ) | Q(
        Exists(Profile.interests.through.objects.filter(topic=OuterRef("pk"), profile__in=people))
    )
    return (
        Topic.objects.filter(declared, key__contains=key)
        .annotate(uses=Count("skilled_profiles", distinct=True))
        .alias(prefix=Exists(Topic.objects.filter(pk=OuterRef("pk"), key__startswith=key)))
        .order_by("-prefix", "-uses", "name")[:limit]
    )


def people_to_meet(*, user: User, limit: int = 4) -> list[Profile]:
    """Colleagues who share skills or interests with the user, other departments first,
    then by how much they share.

    Each profile carries `shared_names` (the shared topics, for the reason shown). Former
    colleagues, guests, the user and whom they follow are left out. Set-based: per kind
    of topic, one GROUP BY over the people who share one (through the topic index), best
    few first; then the chosen profiles and the names they share. Four queries.
    """
    if user.is_guest:
        return []
    department = user.profile.department
    totals: Counter = Counter()
    other_department: dict[int, bool] = {}
    for relation in (Profile.skills, Profile.interests):
        through = relation.through
        mine = through.objects.filter(profile__user=user).values("topic_id")
        rows = (
            through.objects.filter(
                topic_id__in=mine, profile__user__is_active=True, profile__user__is_guest=False
            )
            .exclude(profile__user=user)
            .exclude(profile__user__in=Follow.objects.filter(follower=user).values("followed"))
            .values_list("profile_id")
            .annotate(n=Count("pk"), other=~Q(profile__department=department))
            .order_by("-other", "-n", "profile_id")[: limit * 10]
        )
        for profile_id, n, other in rows:
            totals[profile_id] += n
            other_department[profile_id] = other
    chosen = sorted(totals, key=lambda pk: (not other_department[pk], -totals[pk], pk))[:limit]
    if not chosen:
        return []
    profiles = Profile.objects.select_related("user").in_bulk(chosen)
    names: dict[int, set[str]] = {}
    shared_rows = (
        Profile.skills.through.objects.filter(
            profile_id__in=chosen,
            topic_id__in=Profile.skills.through.objects.filter(profile__user=user).values(
                "topic_id"
            ),
        )
        .values_list("profile_id", "topic__name")
        .union(
            Profile.interests.through.objects.filter(
                profile_id__in=chosen,
                topic_id__in=Profile.interests.through.objects.filter(profile__user=user).values(
                    "topic_id"
                ),
            ).values_list("profile_id", "topic__name")
        )
    )
    for profile_id, name in shared_rows:
        names.setdefault(profile_id, set()).add(name)
    result = sorted(
        (profiles[pk] for pk in chosen),
        key=lambda p: (not other_department[p.pk], -totals[p.pk], p.display_name, p.pk),
    )
    for profile in result:
        profile.shared_names = sorted(names.get(profile.pk, ()))
    return result


def meet_reason(profile: Profile) -> str:
    """Why a person is suggested: "Also into Python, Running · in Marketing"."""
    text = _("Also into %(topics)s") % {"topics": ", ".join(profile.shared_names[:3])}
    if profile.department:
        text += " · " + _("in %(department)s") % {"department": profile.department}
    return text


def skills_with_endorsements(*, person: User, viewer: User) -> QuerySet[Topic]:
    """A person's skills with how many colleagues endorsed each and whether the viewer did."""
    endorsements = Endorsement.objects.filter(
        person=person, topic=OuterRef("pk"), endorser__is_active=True
    )
    return (
        Topic.objects.filter(skilled_profiles__user=person)
        .annotate(
            endorsement_count=SubqueryCount(endorsements),
            endorsed_by_me=Exists(endorsements.filter(endorser=viewer)),
        )
        .order_by("-endorsement_count", "name")
    )


THRESHOLD = 80


@dataclass(frozen=True)
class Step:
    points: int
    message: str
    field: str  # the form field that takes the step, for the "do it" link


@dataclass(frozen=True)
class Completeness:
    score: int
    next_step: Step | None

    @property
    def done(self) -> bool:
        return self.score >= THRESHOLD


def profile_completeness(profile: Profile, *, skills: int, interests: int) -> Completeness:
    """How complete a profile is (0 to 100) and the most useful thing to add next.

    The steps are ordered by how much they help colleagues find and approach the person.
    """
    steps: list[tuple[bool, Step]] = [
        (
            skills >= 3,
            Step(
                30,
                _("Add three skills so colleagues can find you.")
                if skills == 0
                else ngettext(
                    "Add %(n)d more skill so colleagues can find you.",
                    "Add %(n)d more skills so colleagues can find you.",
                    3 - skills,
                )
                % {"n": 3 - skills},
                "id_skills",
            ),
        ),
        (bool(profile.avatar), Step(15, _("Add a photo so people recognise you."), "id_photo")),
        (bool(profile.job_title), Step(10, _("Add your job title."), "id_job_title")),
        (
            bool(profile.department),
            Step(10, _("Say which department you work in."), "id_department"),
        ),
        (
            len(profile.bio.strip()) >= 40,
            Step(15, _("Write a few lines about what you work on."), "id_bio"),
        ),
        (
            interests >= 1,
            Step(
                10,
                _("Add an interest or two: people who share them will find you."),
                "id_interests",
            ),
        ),
        (bool(profile.location), Step(4, _("Add your office or city."), "id_location")),
        (bool(profile.languages), Step(3, _("List the languages you speak."), "id_languages")),
        (bool(profile.team), Step(3, _("Add your team."), "id_team")),
    ]
    score = sum(step.points for done, step in steps if done)
    next_step = next((step for done, step in steps if not done), None)
    return Completeness(score=score, next_step=next_step)


def completeness_for(*, user: User) -> Completeness:
    """The user's completeness in one query (the home page's nudge)."""
    profile = (
        Profile.objects.filter(user=user)
        .annotate(
            skill_n=Count("skills", distinct=True), interest_n=Count("interests", distinct=True)
        )
        .get()
    )
    return profile_completeness(profile, skills=profile.skill_n, interests=profile.interest_n)
