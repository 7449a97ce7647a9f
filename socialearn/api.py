"""REST API v1: thin views over the apps' selectors, one error shape for every failure."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from discussions.experts import expert_list, expert_reason, topic_name
from discussions.models import Thread
from discussions.selectors import thread_list_recent
from groups.models import Group
from groups.selectors import group_list
from news.models import NewsPost
from news.permissions import news_desk
from news.services import news_save, news_schedule
from profiles.models import Profile
from profiles.selectors import colleagues_of_guest, person_get, person_list
from socialearn.lib.text import query_param


def exception_handler(exc, context):
    """Every error as {"error": {"code": ..., "message": ..., "detail": ...}}."""
    if isinstance(exc, ValidationError):
        exc = exceptions.ValidationError(exc.messages)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    message = detail.get("detail") if isinstance(detail, dict) else None
    code = getattr(exc, "default_code", "error")
    response.data = {
        "error": {
            "code": code,
            "message": str(message or getattr(exc, "default_detail", "Error")),
            "detail": detail,
        }
    }
    return response


class MeSerializer(serializers.Serializer):
    handle = serializers.CharField()
    email = serializers.EmailField()
    display_name = serializers.CharField(source="profile.display_name")
    time_zone = serializers.CharField()


class MeView(APIView):
    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class GroupSerializer(serializers.ModelSerializer):
    member_count = serializers.IntegerField(read_only=True)
    is_member = serializers.BooleanField(read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Group
        fields = ["id", "slug", "name", "kind", "visibility", "description", "member_count",
                  "is_member", "url", "created_at"]  # fmt: skip


class GroupListView(generics.ListAPIView):
    serializer_class = GroupSerializer

    def get_queryset(self):
        return group_list(user=self.request.user)


class ThreadSerializer(serializers.ModelSerializer):
    group = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    author = serializers.CharField(source="author.handle", default=None, read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    state = serializers.ChoiceField(choices=Thread.State.choices, read_only=True, allow_null=True)

    class Meta:
        model = Thread
        fields = ["id", "group", "kind", "state", "title", "author", "reply_count",
                  "is_highlighted", "is_great", "created_at", "last_activity_at",
                  "url"]  # fmt: skip


class ThreadListView(generics.ListAPIView):
    serializer_class = ThreadSerializer

    def get_queryset(self):
        return thread_list_recent(user=self.request.user)


class NewsSerializer(serializers.ModelSerializer):
    audience = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Group.objects.filter(archived_at__isnull=True),
        allow_null=True,
        required=False,
        help_text="A group's slug for group news; null for everyone.",
    )
    author = serializers.CharField(source="author.handle", default=None, read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    publish = serializers.BooleanField(
        write_only=True,
        default=False,
        help_text="Publish now (or at publish_at); otherwise a draft is saved.",
    )
    publish_at = serializers.DateTimeField(required=False, allow_null=True)
    status = serializers.SerializerMethodField(
        help_text="draft, scheduled (its minute has not come) or published."
    )

    def get_status(self, post: NewsPost) -> str:
        if post.status == NewsPost.Status.DRAFT:
            return "draft"
        return "scheduled" if post.is_scheduled else "published"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.method == "POST":
            # Only groups the caller may write news for: any other slug is "not found",
            # whether the group exists or not (a hidden group's name never leaks).
            desk = news_desk(request.user)
            groups = Group.objects.filter(archived_at__isnull=True)
            self.fields["audience"].queryset = (
                groups if desk.create else groups.filter(pk__in=desk.moderated)
            )

    class Meta:
        model = NewsPost
        fields = ["id", "slug", "title", "summary", "body", "body_html", "category", "audience",
                  "author", "status", "publish_at", "pinned_until", "is_important",
                  "is_must_read", "url", "publish"]  # fmt: skip
        read_only_fields = ["slug", "body_html", "status"]


class NewsListView(generics.ListCreateAPIView):
    """Published news addressed to the caller, newest first. News editors (and group
    moderators, for their groups) create posts: a draft, or published with "publish"."""

    serializer_class = NewsSerializer

    def get_queryset(self):
        return (
            NewsPost.objects.visible_to(self.request.user)
            .select_related("author", "audience")
            .order_by("-publish_at", "-pk")
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        publish = data.pop("publish", False)
        post = news_save(user=self.request.user, **data)
        if publish:
            post = news_schedule(
                user=self.request.user, post=post, publish_at=data.get("publish_at")
            )
        serializer.instance = post


class NewsDetailView(generics.RetrieveAPIView):
    serializer_class = NewsSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return NewsPost.objects.visible_to(self.request.user).select_related("author", "audience")


class PersonSerializer(serializers.ModelSerializer):
    handle = serializers.CharField(source="user.handle")
    is_guest = serializers.BooleanField(source="user.is_guest")
    photo = serializers.SerializerMethodField()
    skills = serializers.SerializerMethodField()
    url = serializers.CharField(source="user.get_absolute_url")
    # With ?skill=: the expert finder's score and why the person is suggested.
    expert_score = serializers.IntegerField(read_only=True, required=False)
    reason = serializers.CharField(read_only=True, required=False)

    class Meta:
        model = Profile
        fields = ["handle", "display_name", "pronouns", "job_title", "department", "team",
                  "location", "is_guest", "photo", "skills", "url", "expert_score",
                  "reason"]  # fmt: skip

    def get_photo(self, profile: Profile) -> str | None:
        return profile.avatar.url if profile.avatar else None

    def get_skills(self, profile: Profile) -> list[str]:
        return [topic.name for topic in profile.skills.all()]


class PersonDetailSerializer(PersonSerializer):
    manager = serializers.SerializerMethodField()
    interests = serializers.SerializerMethodField()

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "manager", "languages", "links", "bio_html",
                  "interests"]  # fmt: skip

    def get_manager(self, profile: Profile) -> str | None:
        manager = profile.manager
        viewer = self.context["request"].user
        if manager is None:
            return None
        if viewer.is_guest and not colleagues_of_guest(viewer).filter(pk=manager.pk).exists():
            return None  # As on the page: a guest sees only the people in their groups.
        return manager.handle

    def get_interests(self, profile: Profile) -> list[str]:
        return [topic.name for topic in profile.interests.all()]


class PersonListView(generics.ListAPIView):
    """The people directory: ?q=, ?department=, ?location=, ?interest=, and ?skill= for the
    expert finder (ranked, with each person's reason)."""

    serializer_class = PersonSerializer

    def get_queryset(self):
        query, user = self.request.query_params, self.request.user
        filters = {
            name: query_param(query, name, max_length=120)
            for name in ("q", "department", "location", "interest")
        }
        profiles = person_list(viewer=user, **filters)
        if skill := query_param(query, "skill", max_length=50):
            profiles = expert_list(profiles=profiles, viewer=user, topic=skill, filters=filters)
        return profiles

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if skill := query_param(self.request.query_params, "skill", max_length=50):
            name = topic_name(skill)
            for profile in page:
                profile.reason = expert_reason(profile, name)
        return page


class PersonDetailView(APIView):
    @extend_schema(responses=PersonDetailSerializer)
    def get(self, request, handle: str):
        person = person_get(handle=handle, viewer=request.user)
        if not person.is_active:
            raise Http404
        serializer = PersonDetailSerializer(person.profile, context={"request": request})
        return Response(serializer.data)
