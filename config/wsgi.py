import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Build the place index (directory/gazetteer.py, ~1-2 s) when a worker starts, not in its first search.
from directory.gazetteer import gazetteer  # noqa: E402

gazetteer()
