"""/favicon.ico: browsers ask for it at the root whatever the page says; answer with the site's icon."""

from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request):
    path = finders.find("favicon.ico") or (settings.STATIC_ROOT and f"{settings.STATIC_ROOT}/favicon.ico")
    try:
        return FileResponse(open(path, "rb"), content_type="image/x-icon")
    except (OSError, TypeError) as exc:
        raise Http404("no icon") from exc
