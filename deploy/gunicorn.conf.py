"""gunicorn settings for the nrenorch web servers (docs/operations.md).

Requests are short (the API answers at once; workflows run on the qcluster hosts), so
plain sync workers, about two per core, serve it. Everything here can be overridden on
the command line or with GUNICORN_CMD_ARGS.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = "sync"
# A request that takes longer than this is stuck (NetBox hanging behind a form page): restart the worker.
timeout = 60
# systemd's TimeoutStopSec (nrenorch-web.service) is longer than this, so requests finish on a stop.
graceful_timeout = 25
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = 5000
max_requests_jitter = 500
# Access log in the same place as the JSON application log (journald); one line per request.
accesslog = "-"
access_log_format = (
    '{"event": "http.request", "remote": "%(h)s", "request": "%(r)s", "status": %(s)s, '
    '"bytes": "%(B)s", "duration_ms": %(M)s, "user_agent": "%(a)s"}'
)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
