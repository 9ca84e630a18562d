"""A throwaway PostgreSQL server on loopback for the test suite (Debian's postgresql package).

Started once per test session when the suite runs against PostgreSQL; its data lives in a
temporary directory that is removed afterwards.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager

from tests.servers import free_port, serve_by_hand


def _bindir() -> str:
    try:
        return subprocess.check_output(["pg_config", "--bindir"], text=True).strip()
    except (OSError, subprocess.CalledProcessError):
        candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
        if not candidates:
            raise RuntimeError("PostgreSQL is not installed: run `make test` (it installs Debian's postgresql).")
        return candidates[-1]


def _runner() -> list[str]:
    """PostgreSQL refuses to run as root: run its programs as the postgres user then."""
    if os.geteuid() != 0:
        return []
    pwd.getpwnam("postgres")
    return ["runuser", "-u", "postgres", "--"]


@contextmanager
def postgres_server():
    """Yield a SQLAlchemy URL of a fresh, empty database on a private server."""
    bindir, run = _bindir(), _runner()
    workdir = tempfile.mkdtemp(prefix="forum-pg-")
    if run:
        shutil.chown(workdir, "postgres", "postgres")
    data, port = os.path.join(workdir, "data"), free_port()
    subprocess.run(run + [f"{bindir}/initdb", "-D", data, "-U", "forum", "-A", "trust", "-E", "UTF8",
                          "--locale=C.UTF-8"], check=True, stdout=subprocess.DEVNULL)
    options = f"-h 127.0.0.1 -p {port} -k {workdir} -c fsync=off -c full_page_writes=off -c max_connections=300"
    subprocess.run(run + [f"{bindir}/pg_ctl", "-D", data, "-o", options, "-l", os.path.join(workdir, "log"),
                          "-w", "start"], check=True, stdout=subprocess.DEVNULL)
    try:
        for _ in range(50):
            if subprocess.run([f"{bindir}/pg_isready", "-h", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL).returncode == 0:
                break
            time.sleep(0.1)
        subprocess.run([f"{bindir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "forum", "forum_test"],
                       check=True)
        yield f"postgresql+psycopg://forum@127.0.0.1:{port}/forum_test"
    finally:
        subprocess.run(run + [f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":  # a server for trying things by hand: python tests/postgres.py
    serve_by_hand(postgres_server)
