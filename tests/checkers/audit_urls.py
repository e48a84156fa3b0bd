"""The site's URLs plus /__audit__/<name>/, which answers a page saved by the test client.

pa11y and Lighthouse open URLs; most pages of the pre-screen and the referral flow are the
answer to a POST, and Lighthouse refuses to measure a 404 or 500. The saved page is served
through the site's own middleware (headers, compression) and static files, with status 200.
"""

from django.http import Http404, HttpResponse
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500
from config.urls import urlpatterns as site_patterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
SAVED: dict[str, str] = {}


def saved_page(request, name: str) -> HttpResponse:
    if name not in SAVED:
        raise Http404(name)
    return HttpResponse(SAVED[name])


urlpatterns = [path("__audit__/<slug:name>/", saved_page), *site_patterns]
