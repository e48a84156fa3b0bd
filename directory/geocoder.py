"""Online street-address geocoding through geopy, behind GEOCODER_ONLINE (off by default).

This is the only module that may reach a network geocoder; tests replace it.
"""

from __future__ import annotations

import logging

from django.conf import settings

logger = logging.getLogger(__name__)


def geocode_address(text: str):
    """Return a directory.geo.Place for a US street address, or None."""
    if not getattr(settings, "GEOCODER_ONLINE", False):
        return None
    from geopy.exc import GeopyError
    from geopy.geocoders import Nominatim

    from directory.geo import Place, Point

    try:
        location = Nominatim(user_agent=settings.GEOCODER_USER_AGENT, timeout=5).geocode(text, country_codes="us")
    except GeopyError:
        logger.warning("Online geocoder failed")  # never log the address itself
        return None
    if location is None:
        return None
    return Place(Point(location.latitude, location.longitude), location.address)
