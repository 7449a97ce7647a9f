"""REST API v1: thin views over the apps' selectors, one error shape for every failure."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from discussions.models import Thread
from discussions.selectors import thread_list_recent
from groups.models import Group
from groups.selectors import group_list


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

    class Meta:
        model = Thread
        fields = ["id", "group", "kind", "title", "author", "reply_count", "created_at",
                  "last_activity_at", "url"]  # fmt: skip


class ThreadListView(generics.ListAPIView):
    serializer_class = ThreadSerializer

    def get_queryset(self):
        return thread_list_recent(user=self.request.user)
