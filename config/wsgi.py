import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Build the place index (directory/gazetteer.py, ~1-2 s) when a worker starts, not in its first search.
from directory.gazetteer import gazetteer  # noqa: E402

gazetteer()

# Everything loaded so far (Django, the apps, the place index: about 500,000 objects) lives as
# long as the worker. Frozen, the garbage collector stops walking it: a full collection of
# those objects took ~146 ms, a pause that landed in random requests' latency under load.
import gc  # noqa: E402

gc.freeze()
