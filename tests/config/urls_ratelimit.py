"""Test-only views behind config.ratelimit.ratelimit."""

from django.http import HttpResponse, JsonResponse
from django.urls import include, path

from config.ratelimit import ratelimit


@ratelimit("prescreen")
def api_view(request):
    return JsonResponse({"ok": True})


@ratelimit("report", limit=2, window=60)
def form_view(request):
    return HttpResponse("thanks")


@ratelimit("referral", limit=1, window=60, methods=None)
def any_method_view(request):
    return HttpResponse("ok")


urlpatterns = [
    path("api/limited/", api_view),
    path("limited/", form_view),
    path("limited-any/", any_method_view),
    # 429.html extends base.html, whose language switcher needs set_language.
    path("i18n/", include("django.conf.urls.i18n")),
]
