"""gunicorn settings for a production app host (used by deploy/systemd/hailong.service).

Every value can be changed from the environment file without editing this one.
"""

import multiprocessing
import os

#: Address nginx reaches this host at (HAILONG_BIND). Listen on the private network only.
bind = os.environ.get("HAILONG_BIND", "127.0.0.1:8000")
#: Sync workers: requests are short and nginx buffers slow clients, so 2 × CPUs + 1
#: (gunicorn's own advice) keeps the CPUs busy while some workers wait on the database.
workers = int(os.environ.get("HAILONG_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
#: A request longer than this is killed (month computation and printouts take seconds).
timeout = int(os.environ.get("HAILONG_WORKER_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
#: Recycle workers now and then so a slow leak can never grow without bound.
max_requests = 5000
max_requests_jitter = 500
#: Only nginx talks to gunicorn; the app reads the forwarded headers (HAILONG_TRUSTED_PROXIES).
forwarded_allow_ips = os.environ.get("HAILONG_FORWARDED_ALLOW_IPS", "127.0.0.1")
#: Access and error logs go to standard output, which systemd sends to the journal.
accesslog = "-"
errorlog = "-"
#: Client address, request line without the query string, status, size and duration in ms.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
#: Keeps survey tokens (/s/<token>, the key to one citizen's rating) out of the access log.
logger_class = "web.redact.TokenRedactingLogger"


def child_exit(server, worker):
    """Drop a dead worker's metrics files (Prometheus multiprocess mode, see /metrics)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
