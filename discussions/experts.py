"""The expert finder: who knows a topic, by what they declare and what they have shown.

It lives in the discussions layer because the evidence does: accepted answers and
"helpful" reactions on replies in threads tagged with the topic, plus colleagues'
endorsements. Evidence counts only threads the viewer may read, so neither the ranking nor
the reason shown reveals anything from a private group.
"""

from __future__ import annotations

from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from discussions.models import Post, Reaction, Thread
from groups.models import Group
from profiles.models import Endorsement, Profile, Topic, User, normalize_topic
from socialearn.lib.models import SubqueryCount

# How much each kind of evidence weighs against a declared skill.
DECLARED, ACCEPTED, ENDORSED, HELPFUL = 10, 5, 3, 1


def expert_list(*, profiles: QuerySet[Profile], viewer: User, topic: str) -> QuerySet[Profile]:
    """The profiles that declare the topic or have evidence for it, best first.

    Each row carries `declared`, `accepted_count`, `helpful_count`, `endorsement_count` and
    `expert_score` (see expert_reason). `profiles` is the directory's queryset, so the
    directory's other filters still apply.
    """
    key = normalize_topic(topic)
    readable = Group.objects.readable_by(viewer).values("pk")
    person = OuterRef("user_id")
    accepted = Thread.objects.filter(
        tags__key=key, accepted_post__author=person, group__in=readable
    )
    helpful = Reaction.objects.filter(
        kind=Reaction.Kind.HELPFUL,
        post__author=person,
        post__thread__tags__key=key,
        post__thread__group__in=readable,
        user__is_active=True,
    ).exclude(user=person)
    endorsed = Endorsement.objects.filter(person=person, topic__key=key, endorser__is_active=True)
    declares = Profile.skills.through.objects.filter(profile_id=OuterRef("pk"), topic__key=key)
    # Candidates first, from indexes: people who declare the topic or wrote a reply in a
    # readable thread tagged with it (every piece of evidence is such a reply). The
    # counts below then run for these few people, not for everyone.
    answered = Post.objects.filter(
        thread__tags__key=key, thread__group__in=readable, author__isnull=False
    ).values("author_id")
    return (
        profiles.filter(Q(Exists(declares)) | Q(user_id__in=answered))
        .annotate(
            declared=Exists(declares),
            accepted_count=SubqueryCount(accepted),
            helpful_count=SubqueryCount(helpful),
            endorsement_count=SubqueryCount(endorsed),
        )
        .annotate(
            expert_score=Case(When(declared=True, then=Value(DECLARED)), default=Value(0))
            + F("accepted_count") * ACCEPTED
            + F("endorsement_count") * ENDORSED
            + F("helpful_count") * HELPFUL
        )
        .filter(Q(declared=True) | Q(accepted_count__gt=0) | Q(helpful_count__gt=0))
        .order_by("-expert_score", "display_name", "pk")
    )


def topic_name(text: str) -> str:
    """The vocabulary's spelling of a topic ("kubernetes" → "Kubernetes"), else the text."""
    key = normalize_topic(text)
    name = Topic.objects.filter(key=key).values_list("name", flat=True).first()
    return name or " ".join(text.split())


def expert_reason(profile: Profile, topic: str) -> str:
    """Why someone is suggested: "3 accepted answers about Kubernetes · endorsed by 2"."""
    parts = []
    if profile.accepted_count:
        parts.append(
            ngettext(
                "%(n)d accepted answer about %(topic)s",
                "%(n)d accepted answers about %(topic)s",
                profile.accepted_count,
            )
            % {"n": profile.accepted_count, "topic": topic}
        )
    if profile.helpful_count:
        parts.append(
            ngettext(
                "%(n)d “helpful” vote on replies",
                "%(n)d “helpful” votes on replies",
                profile.helpful_count,
            )
            % {"n": profile.helpful_count}
        )
    if profile.endorsement_count:
        parts.append(
            ngettext(
                "endorsed by %(n)d colleague",
                "endorsed by %(n)d colleagues",
                profile.endorsement_count,
            )
            % {"n": profile.endorsement_count}
        )
    if profile.declared and not parts:
        parts.append(_("Lists %(topic)s as a skill") % {"topic": topic})
    elif profile.declared:
        parts.insert(0, _("Lists it as a skill"))
    return " · ".join(parts)
