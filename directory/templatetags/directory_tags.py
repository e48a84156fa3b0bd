"""Template helpers for the directory pages."""

from __future__ import annotations

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from directory.display_names import translated_name
from directory.jsonld import price_range

register = template.Library()

# The same escapes as django.utils.html.json_script: nothing in the data can close the <script>.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data) -> str:
    """`<script type="application/ld+json">` with escaped JSON (json_script only writes application/json)."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def page_query(context, number: int) -> str:
    """This page's query string with another page number: every filter stays in the URL."""
    params = context["request"].GET.copy()
    params["page"] = str(number)
    return "?" + params.urlencode()


@register.filter
def miles(value) -> str:
    if value is None:
        return ""
    number = f"{value:.1f}" if value < 10 else f"{value:.0f}"
    return _("%(miles)s mi") % {"miles": number}


register.filter("price_text", price_range)


@register.filter
def names(items) -> str:
    """'Spanish, Korean' from a related manager or list of lookups."""
    if hasattr(items, "all"):
        items = items.all()
    return ", ".join(translated_name(item) for item in items)


# Lookup names (treatments, conditions, payments, languages) in the visitor's language.
register.filter("translated_name", translated_name)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def verification(clinic) -> str:
    """verified, expired or unverified, as of today (directory.trust)."""
    from django.utils import timezone

    from directory.trust import verification_state

    return verification_state(verified=clinic.verified, verified_at=clinic.verified_at, today=timezone.localdate())


@register.filter
def confirmed_recently(clinic) -> bool:
    from django.utils import timezone

    from directory.trust import confirmed_recently as recent

    return recent(clinic.details_confirmed_at, now=timezone.now())


@register.filter
def answers_text(clinic) -> str:
    """'Usually answers referrals within 1 day', or '' (referrals.responsiveness; select_related it)."""
    from referrals.responsiveness import responsiveness_text

    return responsiveness_text(getattr(clinic, "responsiveness", None))


@register.filter
def on_time_text(clinic) -> str:
    from referrals.responsiveness import on_time_text as text

    return text(getattr(clinic, "responsiveness", None))
