"""gunicorn's settings for jartracker: `gunicorn -c gunicorn.conf.py jartracker.wsgi` (the README's deployment,
and `manage.py benchmark --http`, which measures requests a second with exactly this file).

Sized from the machine's cores: one worker process a core (Python runs one thread at a time in a
process, so more processes than cores only queue), each with threads that answer while another
waits on the database or the network. Environment variables override each figure.
"""

import os

cores = os.cpu_count() or 1

bind = os.environ.get("JARTRACKER_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("JARTRACKER_WEB_WORKERS", cores))
threads = int(os.environ.get("JARTRACKER_WEB_THREADS", 4))
worker_class = "gthread"
# Exports and imports of the largest plans take seconds; papers render in the background worker instead.
timeout = int(os.environ.get("JARTRACKER_WEB_TIMEOUT", 120))
keepalive = 5
# A worker is replaced after so many requests (a little apart, so they do not all restart at once).
max_requests = 5000
max_requests_jitter = 500
accesslog = os.environ.get("JARTRACKER_ACCESS_LOG") or None
