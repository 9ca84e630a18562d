"""What the servers the tests start on loopback share."""
from __future__ import annotations

import socket
import time


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_by_hand(server) -> None:
    """Run ``server()`` (a context manager yielding a URL), print its URL and wait for Ctrl-C."""
    with server() as url:
        print(url, flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
