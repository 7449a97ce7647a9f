from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from groups import selectors, services
from groups.forms import GroupForm, InviteForm
from groups.models import Group, Membership
from groups.shortcuts import group_or_private_page
from profiles.models import normalize_topic
from socialearn.lib.pagination import paginate
from socialearn.lib.ratelimit import rate_limited
from socialearn.lib.text import query_param

DIRECTORY_TABS = {
    "all": gettext_lazy("All"),
    "popular": gettext_lazy("Popular"),
    "active": gettext_lazy("Active"),
    "new": gettext_lazy("New"),
    "mine": gettext_lazy("My groups"),
    "suggested": gettext_lazy("Suggested for you"),
}


def directory(request: HttpRequest) -> HttpResponse:
    """Browse groups by kind and topic, search them, and see popular, active, new, mine
    and suggested ones (with the reason a group is suggested)."""
    user = request.user
    tab = request.GET.get("tab", "all")
    tab = tab if tab in DIRECTORY_TABS else "all"
    kind = request.GET.get("kind", "")
    kind = kind if kind in Group.Kind.values else ""
    q = query_param(request.GET, "q")
    topic = query_param(request.GET, "topic", max_length=50)
    archived = request.GET.get("archived") == "1"
    groups = selectors.group_list(user=user, archived=archived and tab != "suggested")
    if kind:
        groups = groups.filter(kind=kind)
    if q:
        groups = groups.filter(Q(name__icontains=q) | Q(description__icontains=q))
    if topic:
        groups = groups.filter(topics__key=normalize_topic(topic))
    if tab == "suggested":
        groups = selectors.suggested_groups(user=user, groups=groups)
    else:
        groups = selectors.group_list_ordered(groups, tab=tab, user=user)
    page = paginate(request, groups)
    if tab == "suggested":
        for group in page.object_list:
            group.reason = selectors.suggestion_reason(group)
    return render(
        request,
        "groups/directory.html",
        {
            "page": page,
            "tab": tab,
            "tabs": DIRECTORY_TABS.items(),
            "kind": kind,
            "kinds": Group.Kind.choices,
            "q": q,
            "topic": topic,
            "archived": archived,
        },
    )


def _membership_response(request: HttpRequest, slug: str) -> HttpResponse:
    """htmx gets the membership box again (as the user now stands); a plain form post goes
    back to the group."""
    access = selectors.group_access(user=request.user, slug=slug)
    if request.htmx:
        return render(
            request,
            "groups/_membership_button.html",
            {"group": access.group, "membership": access.membership, "perms": access.perms},
        )
    return redirect(access.group)


def _error(request: HttpRequest, exc: Exception) -> None:
    messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))


@require_POST
@rate_limited("join")
def join(request: HttpRequest, slug: str) -> HttpResponse:
    group = selectors.group_get_for_user(user=request.user, slug=slug)
    try:
        services.membership_join(group=group, user=request.user)
    except (PermissionDenied, ValidationError) as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Welcome to %(group)s.") % {"group": group.name})
    return _membership_response(request, slug)


@require_POST
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    group = selectors.group_get_for_user(user=request.user, slug=slug)
    try:
        services.membership_leave(group=group, user=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("You left %(group)s.") % {"group": group.name})
        if not Group.objects.visible_to(request.user).filter(pk=group.pk).exists():
            return redirect("groups:directory")  # a hidden group is gone from their sight
    return _membership_response(request, slug)


@require_POST
@rate_limited("join")
def request_to_join(request: HttpRequest, slug: str) -> HttpResponse:
    group = selectors.group_get_for_user(user=request.user, slug=slug)
    try:
        services.join_request_create(
            group=group, user=request.user, message=request.POST.get("message", "")
        )
    except (PermissionDenied, ValidationError) as exc:
        _error(request, exc)
    else:
        messages.success(
            request, _("Your request is with the moderators. We will email you their answer.")
        )
    return _membership_response(request, slug)


@require_POST
def answer_invitation(request: HttpRequest, slug: str) -> HttpResponse:
    group = selectors.group_get_for_user(user=request.user, slug=slug)
    accept = request.POST.get("accept") == "1"
    try:
        services.invitation_answer(group=group, user=request.user, accept=accept)
    except ValidationError as exc:
        _error(request, exc)
    else:
        if accept:
            messages.success(request, _("Welcome to %(group)s.") % {"group": group.name})
        else:
            messages.info(request, _("Invitation declined."))
    if not accept and not Group.objects.visible_to(request.user).filter(pk=group.pk).exists():
        return redirect("groups:directory")  # A hidden group is gone from their sight.
    return _membership_response(request, slug)


@require_POST
def notifications(request: HttpRequest, slug: str) -> HttpResponse:
    access = selectors.group_access(user=request.user, slug=slug)
    if access.membership is None:
        raise PermissionDenied
    try:
        services.membership_set_notifications(
            membership=access.membership, level=request.POST.get("level", "")
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Notification setting saved."))
    return _membership_response(request, slug)


def _moderator_access(request: HttpRequest, slug: str):
    access = selectors.group_access(user=request.user, slug=slug)
    if not access.perms.moderate:
        raise PermissionDenied(_("Only the group's moderators can do this."))
    return access


@rate_limited("join")
def requests_queue(request: HttpRequest, slug: str) -> HttpResponse:
    """The moderators' page: pending join requests, oldest first, and invitations."""
    access = _moderator_access(request, slug)
    group = access.group
    form = InviteForm(request.POST or None, group=group)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                invited = services.invitations_create(
                    group=group, inviter=request.user, users=form.cleaned_data["people"]
                )
            except (PermissionDenied, ValidationError) as exc:
                form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(
                    request,
                    ngettext("%(n)d invitation sent.", "%(n)d invitations sent.", len(invited))
                    % {"n": len(invited)},
                )
                return redirect("groups:requests", slug=group.slug)
        status = 422
    return render(
        request,
        "groups/requests.html",
        {
            "group": group,
            "membership": access.membership,
            "perms": access.perms,
            "page": paginate(request, selectors.join_request_queue(group=group)),
            "invitations": selectors.pending_invitations(group=group)[:50],
            "form": form,
        },
        status=status,
    )


@require_POST
def decide_request(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    access = _moderator_access(request, slug)
    approve = request.POST.get("approve") == "1"
    try:
        decided = services.join_request_decide(
            request_id=request_id, group=access.group, moderator=request.user, approve=approve
        )
    except (PermissionDenied, ValidationError) as exc:
        _error(request, exc)
    else:
        name = decided.user.profile.display_name
        if decided.status == decided.Status.APPROVED:
            messages.success(request, _("%(name)s is now a member.") % {"name": name})
        else:
            messages.info(request, _("You declined %(name)s's request.") % {"name": name})
    return redirect("groups:requests", slug=slug)


@require_POST
def manage_member(request: HttpRequest, slug: str, handle: str) -> HttpResponse:
    """A moderator's actions on one member: remove, set a role (owners), name an advocate
    or a trusted editor."""
    access = _moderator_access(request, slug)
    group = access.group
    person = selectors.member_get(group=group, handle=handle)
    action = request.POST.get("action", "")
    try:
        if action == "remove":
            services.membership_remove(group=group, moderator=request.user, user=person)
            messages.success(
                request, _("%(name)s was removed.") % {"name": person.profile.display_name}
            )
        elif action == "role":
            services.membership_set_role(
                group=group, owner=request.user, user=person, role=request.POST.get("role", "")
            )
            messages.success(request, _("Role changed."))
        elif action in ("advocate", "not-advocate"):
            services.membership_set_advocate(
                group=group, moderator=request.user, user=person, advocate=action == "advocate"
            )
            messages.success(request, _("Saved."))
        elif action in ("trusted", "not-trusted"):
            services.membership_set_trusted(
                group=group, moderator=request.user, user=person, trusted=action == "trusted"
            )
            messages.success(request, _("Saved."))
        else:
            messages.error(request, _("Unknown action."))
    except (PermissionDenied, ValidationError) as exc:
        _error(request, exc)
    return redirect("groups:members", slug=slug)


def members(request: HttpRequest, slug: str) -> HttpResponse:
    access, private = group_or_private_page(request, slug)
    if private:
        return private
    group, membership = access.group, access.membership
    q = query_param(request.GET, "q")
    return render(
        request,
        "groups/members.html",
        {
            "group": group,
            "membership": membership,
            "perms": access.perms,
            "q": q,
            "roles": Membership.Role.choices,
            "page": paginate(request, selectors.member_list(group=group, q=q), per_page=48),
        },
    )


def create(request: HttpRequest) -> HttpResponse:
    """Start a group; its creator becomes the owner."""
    if request.user.is_guest:
        raise PermissionDenied(_("External guests cannot create groups."))
    form = GroupForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            group = services.group_create(user=request.user, **form.cleaned_data)
            messages.success(
                request, _("%(group)s is ready. Invite people to it.") % {"group": group.name}
            )
            return redirect(group)
        return render(request, "groups/form.html", {"form": form}, status=422)
    return render(request, "groups/form.html", {"form": form})


def group_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """The owners' settings page: name, kind, visibility, description, rules, topics,
    cover; archive."""
    access = selectors.group_access(user=request.user, slug=slug)
    if not access.perms.administer:
        raise PermissionDenied(_("Only the group's owners can change its settings."))
    group = access.group
    form = GroupForm(request.POST or None, request.FILES or None, group=group, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            services.group_update(group=group, owner=request.user, **form.cleaned_data)
            messages.success(request, _("Settings saved."))
            return redirect(group)
        status = 422
    else:
        status = 200
    return render(
        request,
        "groups/form.html",
        {"form": form, "group": group, "membership": access.membership, "perms": access.perms},
        status=status,
    )


@require_POST
def archive(request: HttpRequest, slug: str) -> HttpResponse:
    access = selectors.group_access(user=request.user, slug=slug)
    archived = request.POST.get("archived") == "1"
    services.group_set_archived(group=access.group, owner=request.user, archived=archived)
    if archived:
        messages.success(request, _("The group is archived: read-only, still findable."))
    else:
        messages.success(request, _("The group is active again."))
    return redirect(access.group)


def about(request: HttpRequest, slug: str) -> HttpResponse:
    """What the group is for, its rules, who runs it, and (for its readers) its advocates."""
    access = selectors.group_access(user=request.user, slug=slug)
    group = access.group
    leaders = selectors.member_list(group=group).filter(
        role__in=[Membership.Role.OWNER, Membership.Role.MODERATOR]
    )
    advocates = (
        selectors.member_list(group=group).filter(is_advocate=True)
        if access.perms.read
        else Membership.objects.none()
    )
    return render(
        request,
        "groups/about.html",
        {
            "group": group,
            "membership": access.membership,
            "perms": access.perms,
            "leaders": leaders[:20],
            "advocates": advocates[:20],
            "topics": group.topics.all(),
        },
    )
