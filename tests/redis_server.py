"""A throwaway Redis server on loopback for the tests (Debian's redis-server package), with no
persistence; its directory is removed afterwards."""
from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def redis_server():
    """Yield the URL of a fresh, empty Redis server."""
    if shutil.which("redis-server") is None:
        raise RuntimeError("Redis is not installed: run `make test` (it installs Debian's redis-server).")
    workdir, port = tempfile.mkdtemp(prefix="forum-redis-"), _free_port()
    server = subprocess.Popen(["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--dir", workdir,
                               "--save", "", "--appendonly", "no", "--protected-mode", "yes"],
                              stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(workdir, ignore_errors=True)

