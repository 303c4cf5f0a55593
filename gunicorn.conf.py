"""gunicorn's settings for jartracker: `gunicorn -c gunicorn.conf.py jartracker.wsgi` (the README's deployment,
and `manage.py benchmark --http`, which measures requests a second with exactly this file).

Sized from the machine's cores: one worker process a core (Python runs one thread at a time in a
process, so more processes than cores only queue), each with threads that answer while another
waits on the database or the network. Environment variables override each figure.
"""

import gc
import os

cores = os.cpu_count() or 1

bind = os.environ.get("JARTRACKER_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("JARTRACKER_WEB_WORKERS", cores))
threads = int(os.environ.get("JARTRACKER_WEB_THREADS", 4))
worker_class = "gthread"
# Exports and imports of the largest plans take seconds; papers render in the background worker instead.
timeout = int(os.environ.get("JARTRACKER_WEB_TIMEOUT", 120))
# No keep-alive: each request comes on a connection of its own and the connection closes with the answer
# ("Connection: close"). A gthread worker accepts connections while its threads are busy, so a connection
# kept alive stays with the worker that first took it: with 4 clients on 2 workers, three or four often sat
# on one worker (one core) while the other idled, and requests a second halved or varied twofold from one
# run to the next (28 Nov 2026, wrk, 4 connections: the action page 25–52/s with keep-alive, 54–56/s
# without; the plan page 61–123/s and 124–128/s). Closing each connection lets the idle worker take the
# next. Browsers keep their connections alive to the council's proxy, not to gunicorn; a proxy that keeps
# connections alive to gunicorn is told at each answer to open a new one, so it never sends on a connection
# gunicorn is closing. The cost is one loopback or LAN connection a request.
keepalive = int(os.environ.get("JARTRACKER_WEB_KEEPALIVE", 0))
# A worker is replaced after so many requests (a little apart, so they do not all restart at once).
max_requests = 5000
max_requests_jitter = 500
accesslog = os.environ.get("JARTRACKER_ACCESS_LOG") or None


def post_worker_init(worker):
    """Once a worker has loaded Django (its modules, models and settings, which live as long as the worker),
    move those objects out of the garbage collector's sight: each full collection otherwise walks all of
    them, a pause of tens of milliseconds for whichever requests are running (the action page averaged
    1.4 ms a request in collections without this and 0.4 ms with it, 28 Nov 2026). Nothing is lost: they
    are still freed when the worker exits. (gc.freeze, as the Python documentation advises for forked
    servers.)"""
    gc.collect()
    gc.freeze()
