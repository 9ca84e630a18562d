"""PgBouncer on loopback in front of the test PostgreSQL (Debian's pgbouncer package), as a deployment of
several instances puts it (README "Several instances"). Its files live in a temporary directory removed afterwards.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager

from sqlalchemy.engine import make_url

from tests.postgres import _runner
from tests.servers import free_port

PGBOUNCER = "/usr/sbin/pgbouncer"


def installed() -> bool:
    return os.access(PGBOUNCER, os.X_OK)


@contextmanager
def pgbouncer_in_front(postgres_url: str, pool_mode: str = "transaction", pool_size: int = 1):
    """Yield ``postgres_url`` through a PgBouncer in ``pool_mode`` keeping at most ``pool_size`` server
    connections: with one, every client's transactions run on the same server connection, one after another."""
    server, run = make_url(postgres_url), _runner()
    workdir, port = tempfile.mkdtemp(prefix="forum-pgbouncer-"), free_port()
    config = os.path.join(workdir, "pgbouncer.ini")
    with open(os.path.join(workdir, "users.txt"), "w") as users:
        users.write(f'"{server.username}" ""\n')
    with open(config, "w") as ini:
        ini.write(f"""[databases]
{server.database} = host={server.host} port={server.port} dbname={server.database}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {workdir}/users.txt
pool_mode = {pool_mode}
default_pool_size = {pool_size}
max_client_conn = 200
logfile = {workdir}/pgbouncer.log
""")
    if run:
        shutil.chown(workdir, "postgres", "postgres")
        for name in os.listdir(workdir):
            shutil.chown(os.path.join(workdir, name), "postgres", "postgres")
    # as root it runs as postgres by its own -u (signalled directly: runuser takes seconds to pass a SIGTERM on)
    process = subprocess.Popen([PGBOUNCER, "-q", *(["-u", "postgres"] if run else []), config],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"PgBouncer did not start: {open(os.path.join(workdir, 'pgbouncer.log')).read()}")
                time.sleep(0.05)
        yield server.set(host="127.0.0.1", port=port).render_as_string(hide_password=False)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(workdir, ignore_errors=True)
