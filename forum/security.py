"""What every response and request gets: the client's address from trusted proxies only."""
from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def trust_proxies(app: Flask) -> None:
    """Behind N reverse proxies, take the client's address, scheme and host from the last N
    ``X-Forwarded-*`` entries (what our own proxies wrote); with none, from the connection."""
    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops)


def register(app: Flask) -> None:
    trust_proxies(app)
