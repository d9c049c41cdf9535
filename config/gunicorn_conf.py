"""gunicorn's settings for the web container: ``gunicorn -c config/gunicorn_conf.py``.

Plain Python read by gunicorn at start; nothing here imports Django.
"""

import os

wsgi_app = "config.wsgi:application"
bind = "0.0.0.0:8000"
workers = 3
accesslog = "-"
# X-Forwarded-Proto (which makes a request https, and so its cookies and redirects secure)
# is believed only from these addresses: the proxy or load balancer in front of the app.
# Comma-separated; "*" would let any client that reaches the port claim https.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1,::1"
