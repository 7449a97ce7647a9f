"""The site's URLs plus a bare "floor" view: what a request costs with no page work at all.

bench/run serves the site with ROOT_URLCONF=bench.urls; the floor is measured like every
page (same middleware, same session cookie), so each page's rate reads as a share of it.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from socialearn.urls import urlpatterns as site_urlpatterns


@login_not_required
def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [*site_urlpatterns, path("bench/floor/", floor, name="bench-floor")]
