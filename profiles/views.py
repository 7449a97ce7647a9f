from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from profiles import selectors
from socialearn.lib.pagination import paginate


def directory(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    department = request.GET.get("department", "")[:120]
    page = paginate(request, selectors.person_list(q=q, department=department))
    return render(
        request,
        "profiles/directory.html",
        {
            "page": page,
            "q": q,
            "department": department,
            "departments": selectors.department_list(),
        },
    )
