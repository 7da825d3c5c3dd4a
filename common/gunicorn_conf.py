"""gunicorn settings for all four services, tuned for long-lived audio streams.

Threads let one worker keep serving while another request is streaming a song;
the timeout is the worker heartbeat, not a limit on how long a stream may run.
"""
import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8080')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 20
keepalive = 5
accesslog = "-"
errorlog = "-"
# Containers run with a read-only root filesystem; the heartbeat files live in a tmpfs or emptyDir.
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR") or None
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's control socket defaults to one path per user, which several services on one host
# (and a read-only container filesystem) cannot share; nothing here uses it.
control_socket_disable = True
