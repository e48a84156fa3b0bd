"""Help lines the pre-screen shows: crisis lines, and the SAMHSA helpline for substance use.

Names (and the chat address) are lazy: ScreeningResult.as_dict() turns them into
text in the active language.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

CRISIS_RESOURCES: tuple[dict[str, str], ...] = (
    {
        # Its own context: in Spanish the call line adds "press 2 for Spanish", which texting lacks.
        "name": pgettext_lazy("crisis resource: call", "988 Suicide & Crisis Lifeline"),
        "action": "call",
        "contact": "988",
        "url": "tel:988",
    },
    {
        "name": _("988 Suicide & Crisis Lifeline"),
        "action": "text",
        "contact": "988",
        "url": "sms:988",
    },
    {
        "name": _("988 Lifeline chat"),
        "action": "chat",
        # Translated too: in Spanish the Lifeline's own Spanish site (988lineadevida.org) has the chat.
        "contact": _("988lifeline.org"),
        "url": _("https://988lifeline.org/chat/"),
    },
    {
        "name": _("Emergency services"),
        "action": "call",
        "contact": "911",
        "url": "tel:911",
    },
)

# SAMHSA National Helpline: free, confidential, 24/7, in English and Spanish.
SUBSTANCE_HELPLINES: tuple[dict[str, str], ...] = (
    {
        "name": _("SAMHSA National Helpline (free, confidential, 24/7, English and Spanish)"),
        "action": "call",
        "contact": "1-800-662-4357",
        "url": "tel:+18006624357",
    },
)
