"""Friendly error pages; JSON for the API."""

from django.http import JsonResponse
from django.shortcuts import render


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"errors": {"__all__": ["Not found."]}}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    if _wants_json(request):
        return JsonResponse(
            {"errors": {"__all__": ["Something went wrong on our side. Please try again."]}}, status=500
        )
    return render(request, "500.html", status=500)
