"""The admin's "view on site" redirect (/admin/r/<content type>/<id>/), scoped like the admin itself.

Django's own view (contenttypes.views.shortcut) redirects any staff user to any object's
public URL, so a clinic's staff could learn the slug of another clinic's unpublished
listing; and a malformed id of a model with UUID keys (the task results) raised a 500.
This one answers 404 unless the object's ModelAdmin finds it in the user's scope and lets
them view it, exactly as the object's change page would.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponseRedirect


def view_on_site(request, content_type_id: str, object_id: str):
    try:
        model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        model_admin = admin.site.get_model_admin(model)
    except (ValueError, ContentType.DoesNotExist, NotRegistered):
        raise Http404("No such object.") from None
    # get_object() is the change page's lookup: scoped by get_queryset, None for a malformed key.
    obj = model_admin.get_object(request, object_id)
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise Http404("No such object.")
    if not hasattr(obj, "get_absolute_url"):
        raise Http404("This object has no page on the site.")
    return HttpResponseRedirect(obj.get_absolute_url())


# Wrapped like every admin view: staff login required, never cached.
admin_view_on_site = admin.site.admin_view(view_on_site)
