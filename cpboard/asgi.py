import os

from django.core.asgi import get_asgi_application

from cpboard.startup import RefusedToStart, exit_refused

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpboard.settings")
try:
    application = get_asgi_application()
except RefusedToStart as refusal:
    exit_refused(refusal)
