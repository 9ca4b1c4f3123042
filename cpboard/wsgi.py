import gc
import os

from django.core.wsgi import get_wsgi_application

from cpboard.startup import RefusedToStart, exit_refused

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpboard.settings")
try:
    application = get_wsgi_application()
except RefusedToStart as refusal:
    # One line, and gunicorn's "cannot load the application" status, so its master stops rather than
    # starting worker after worker (cpboard/startup.py).
    exit_refused(refusal)
# This module is imported only to serve (gunicorn, cpboard serve; never by manage.py): load what the first PDF
# in each worker would otherwise load then (WeasyPrint, fonts, Pango: about 0.4 s and 46 MB a worker), once,
# here in the master, before the freeze and the fork. CPBOARD_PDF_WARMUP=false leaves it to the first PDF.
if os.environ.get("CPBOARD_PDF_WARMUP", "true").strip().lower() not in {"false", "0", "no", "off"}:
    from cpboard.core.pdf import warm_up

    warm_up()
# Everything loaded at start-up lives for the life of the process: keep it out of the garbage collector's
# scans, which otherwise add pauses to some requests (the benchmark's p95 fell from about 190 to 120-155 ms).
# With gunicorn's preload_app (cpboard/gunicorn_conf.py) this runs once in the master, before it forks the
# workers, which inherit the frozen objects (and share their memory pages rather than copying them).
gc.freeze()
