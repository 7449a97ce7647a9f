from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from profiles import selectors, services
from profiles.forms import ProfileForm
from socialearn.lib.pagination import paginate


def directory(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    department = request.GET.get("department", "")[:120]
    skill = request.GET.get("skill", "").strip()[:50]
    page = paginate(request, selectors.person_list(q=q, department=department, skill=skill))
    return render(
        request,
        "profiles/directory.html",
        {
            "page": page,
            "q": q,
            "department": department,
            "skill": skill,
            "departments": selectors.department_list(),
        },
    )


def edit(request: HttpRequest) -> HttpResponse:
    """Edit my own profile. Invalid input comes back with every field as typed (422)."""
    profile = request.user.profile
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            services.profile_edit(profile=profile, **data)
            messages.success(request, _("Your profile is saved."))
            return redirect(request.user)
        return render(request, "profiles/edit.html", {"form": form}, status=422)
    return render(request, "profiles/edit.html", {"form": form})
