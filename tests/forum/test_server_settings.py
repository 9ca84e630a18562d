"""gunicorn.conf.py, as each instance of a deployment reads it."""
from __future__ import annotations

import os
import runpy
import shutil
import socket
import stat
import subprocess
import sys
import types
from pathlib import Path

import pytest

from forum.config import REPO_ROOT


def server_settings(monkeypatch, port: str) -> dict:
    monkeypatch.setenv("PORT", port)
    return runpy.run_path(str(REPO_ROOT / "gunicorn.conf.py"))


def test_two_instances_on_one_host_have_control_sockets_of_their_own(monkeypatch):
    first, second = server_settings(monkeypatch, "5001"), server_settings(monkeypatch, "5002")
    assert (first["bind"], second["bind"]) == ("127.0.0.1:5001", "127.0.0.1:5002")
    assert first["control_socket"] != second["control_socket"]
    assert first["control_socket"] == str(REPO_ROOT / "instance" / "gunicorn-5001.ctl")


def test_two_checkouts_serving_on_one_port_have_control_sockets_of_their_own(monkeypatch, tmp_path):
    """Under ~/.gunicorn and named after the port only, a second checkout on the port (a test copy, another
    branch) took the first one's socket over, and removed it when it stopped."""
    monkeypatch.setenv("PORT", "5001")
    sockets = []
    for checkout in ("production", "test-copy"):
        (tmp_path / checkout).mkdir()
        shutil.copy(REPO_ROOT / "gunicorn.conf.py", tmp_path / checkout)
        sockets.append(runpy.run_path(str(tmp_path / checkout / "gunicorn.conf.py"))["control_socket"])
    assert sockets == [str(tmp_path / "production" / "instance" / "gunicorn-5001.ctl"),
                       str(tmp_path / "test-copy" / "instance" / "gunicorn-5001.ctl")]


def test_the_master_draws_a_chart_before_forking_so_no_workers_first_report_loads_matplotlib():
    # in a process of its own: this one may have loaded matplotlib already, and must not freeze its objects
    script = ("import runpy, sys; runpy.run_path('gunicorn.conf.py')['when_ready'](None); "
              "from analysis.report import charts; "
              "print('matplotlib.backends.backend_agg' in sys.modules, charts._glyphs.cache_info().currsize)")
    shown = subprocess.run([sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    assert shown.stdout.split() == ["True", "1"]


class _Config:
    """The part of gunicorn's settings ``on_starting`` reads and sets."""

    def __init__(self, control_socket: str, bind: list[str], workers: int = 2):
        self.control_socket, self.bind, self.workers = control_socket, bind, workers
        self.control_socket_disable, self.preload_app = False, False

    def set(self, name, value):
        setattr(self, name, value)


def test_an_instance_bound_on_the_command_line_names_its_control_socket_after_the_port_it_serves(monkeypatch):
    """`--bind 0.0.0.0:5002` without PORT: named after PORT's default, two such instances shared gunicorn-5000.ctl."""
    monkeypatch.delenv("PORT", raising=False)
    settings = runpy.run_path(str(REPO_ROOT / "gunicorn.conf.py"))
    names = []
    for address in ("0.0.0.0:5001", "0.0.0.0:5002"):
        config = _Config(settings["control_socket"], [address])
        monkeypatch.setattr("forum.operations.serving.check_control_socket", lambda path: None)
        settings["on_starting"](types.SimpleNamespace(cfg=config))
        names.append(Path(config.control_socket).name)
    assert names == ["gunicorn-5001.ctl", "gunicorn-5002.ctl"]


def test_a_second_server_on_a_live_control_socket_is_refused_and_a_stale_one_is_replaced(tmp_path):
    from forum.operations.serving import check_control_socket

    path = str(tmp_path / "run" / "forum.ctl")
    (tmp_path / "run").mkdir()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as running:
        running.bind(path)
        running.listen()
        with pytest.raises(RuntimeError, match="Another gunicorn is running with the control socket"):
            check_control_socket(path)
    check_control_socket(path)  # left behind by a server that stopped: gunicorn replaces it


def test_the_control_socket_s_folder_is_made_private(tmp_path):
    """gunicorn makes the socket, then narrows its mode: meanwhile anyone who may enter its folder could connect."""
    from forum.operations.serving import check_control_socket

    shared = tmp_path / "instance"
    shared.mkdir(mode=0o755)
    shared.chmod(0o775)
    check_control_socket(str(shared / "gunicorn-5001.ctl"))
    check_control_socket(str(tmp_path / "new" / "gunicorn-5001.ctl"))
    assert [stat.S_IMODE(folder.stat().st_mode) for folder in (shared, tmp_path / "new")] == [0o700, 0o700]


def test_a_control_socket_path_too_long_for_a_socket_is_refused_saying_so(tmp_path):
    from forum.operations.serving import check_control_socket

    with pytest.raises(RuntimeError, match="longer than a socket's path may be"):
        check_control_socket(str(tmp_path / ("deep-checkout-" * 8) / "instance" / "gunicorn-5001.ctl"))


def test_a_control_socket_in_a_folder_of_another_user_is_refused(tmp_path, monkeypatch):
    from forum.operations.serving import check_control_socket

    monkeypatch.setattr("os.getuid", lambda: os.stat(tmp_path).st_uid + 1)  # as if /tmp, another user's
    with pytest.raises(RuntimeError, match="belongs to another user"):
        check_control_socket(str(tmp_path / "forum.ctl"))


@pytest.mark.parametrize(("storage", "workers", "refused"), [
    ("threadsafe-memory://", 2, True), ("threadsafe-memory://", 1, False), ("", 5, False)])
def test_several_workers_counting_rate_limits_each_apart_are_refused(storage, workers, refused):
    from flask import Flask

    from forum.operations.serving import check_rate_limits

    app = Flask(__name__)
    app.config.update(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=storage, SQLALCHEMY_DATABASE_URI="sqlite://")
    if refused:
        with pytest.raises(RuntimeError, match=f"with {workers} workers a flood would get each limit {workers} times"):
            check_rate_limits(app, workers)
    else:
        check_rate_limits(app, workers)


def test_rate_limits_counting_in_each_process_are_refused_when_rq_workers_give_counts_back():
    """With Redis an account's message is sent by an RQ worker, which gives its count back when it was not sent
    (``signup_mail.send_for_job``): in its own memory, the web process's count never given back."""
    from flask import Flask

    from forum.operations.serving import check_rate_limits

    app = Flask(__name__)
    app.config.update(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="threadsafe-memory://",
                      SQLALCHEMY_DATABASE_URI="sqlite://", REDIS_URL="redis://127.0.0.1:6379/0")
    with pytest.raises(RuntimeError, match="the RQ workers give back the count of a message they could not send"):
        check_rate_limits(app, 1)
    app.config["RATELIMIT_STORAGE_URI"] = ""  # this machine's file: the workers beside it count there too
    check_rate_limits(app, 1)


def test_the_master_imports_the_text_models_before_forking_so_no_workers_first_theme_correction_does():
    """A theme correction on the board reads the text models (scikit-learn, scipy): seconds to import in each
    worker's first one, a card move that seemed stuck on "Saving…", unless the master imported them once."""
    script = ("import runpy, sys; runpy.run_path('gunicorn.conf.py')['when_ready'](None); "
              "from forum.services import text_models; "
              "print(all(name in vars(text_models) for name in text_models.__all__), 'sklearn' in sys.modules)")
    shown = subprocess.run([sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    assert shown.stdout.split() == ["True", "True"]
