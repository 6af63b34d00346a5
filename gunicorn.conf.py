"""Gunicorn defaults, read automatically when gunicorn starts in the repository root.

The access log leaves out query strings: they can hold a BSN (`?…__objectId=<bsn>`), and
gunicorn's access log does not pass through the application's BSN mask.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
