"""A throwaway Redis server on loopback for the tests (Debian's redis-server package).

No persistence; its working directory is a temporary directory removed afterwards.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager

from tests.servers import free_port, serve_by_hand


def _answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextmanager
def redis_server():
    """Yield the URL (``redis://127.0.0.1:<port>``) of a fresh, empty Redis server."""
    server = shutil.which("redis-server") or "/usr/bin/redis-server"
    workdir, port = tempfile.mkdtemp(prefix="forum-redis-"), free_port()
    process = subprocess.Popen([server, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                                "--appendonly", "no", "--dir", workdir, "--protected-mode", "yes"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while not _answers_ping(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start: run `make test` (it installs Debian's redis-server).")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":  # a server for trying things by hand: python tests/redis_server.py
    serve_by_hand(redis_server)
