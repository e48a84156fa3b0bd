"""Friendly error pages; JSON ({"errors": {"__all__": [...]}}) for anything under /api/."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def _json_error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"errors": {"__all__": [message]}}, status=status)


def bad_request(request, exception=None):
    # Reached for requests Django itself refuses, e.g. more than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters.
    message = _("The request could not be read. Check its parameters and try again.")
    if _wants_json(request):
        return _json_error(message, 400)
    return render(request, "400.html", {"message": message}, status=400)


def permission_denied(request, exception=None):
    if _wants_json(request):
        return _json_error(_("You are not allowed to do this."), 403)
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    if _wants_json(request):
        return _json_error(_("Not found."), 404)
    return render(request, "404.html", status=404)


def server_error(request):
    if _wants_json(request):
        return _json_error(_("Something went wrong on our side. Please try again."), 500)
    return render(request, "500.html", status=500)
