"""Shared fixtures: one persona per permission case, so each case is one line."""

from __future__ import annotations

import pytest
from celery._state import _set_task_join_will_block
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache

from groups.models import Group, Membership
from socialearn.celery import app as celery_app
from tests.factories import GroupFactory, MembershipFactory, UserFactory

# Real identity providers for the single sign-on tests (fixtures oidc_idp, saml_idp, site).
pytest_plugins = ["tests.idps"]


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # Pages render without a collectstatic run; the hashed manifest is for deployments.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_inline(request):
    """Tasks queued by a request run in the test itself (emails land in mail.outbox);
    the integration tests keep a real broker and worker."""
    if request.node.get_closest_marker("integration"):
        yield
        return
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False
    # An eager task marks "joining a result would block" in a process-wide flag and
    # restores it after; two threads running eager tasks at once (the race tests) can
    # restore each other's value and leave it set, which would make a later
    # AsyncResult.get() in the integration tests refuse to wait.
    _set_task_join_will_block(False)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded photos and attachments land in a per-test folder, never in var/.
    settings.MEDIA_ROOT = tmp_path / "media"
    private = {**settings.STORAGES["private"]}
    private["OPTIONS"] = {**private["OPTIONS"], "location": tmp_path / "private"}
    settings.STORAGES = {**settings.STORAGES, "private": private}


@pytest.fixture(autouse=True)
def _isolated_cache():
    # Rate limits and cached fragments must not leak from one test into the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def private_group(db) -> Group:
    return GroupFactory(name="Security Champions", slug="security", visibility="private")


@pytest.fixture
def open_group(db) -> Group:
    return GroupFactory(name="Python Guild", slug="python", visibility="open")


@pytest.fixture
def hidden_group(db) -> Group:
    return GroupFactory(name="Leadership Forum", slug="leadership", visibility="hidden")


@pytest.fixture
def owner(private_group):
    return MembershipFactory(group=private_group, role=Membership.Role.OWNER).user


@pytest.fixture
def moderator(private_group):
    return MembershipFactory(group=private_group, role=Membership.Role.MODERATOR).user


@pytest.fixture
def member(private_group):
    return MembershipFactory(group=private_group, role=Membership.Role.MEMBER).user


@pytest.fixture
def outsider(db):
    """Signed in, but in no group."""
    return UserFactory(display_name="Olive Outsider")


@pytest.fixture
def guest(private_group):
    """An external expert invited to the private group only."""
    user = UserFactory(display_name="Gil Guest", is_guest=True)
    MembershipFactory(group=private_group, user=user)
    return user


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True, display_name="Sam Staff")


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client signed in as user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
