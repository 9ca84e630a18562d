"""gunicorn.conf.py, as each instance of a deployment reads it."""
from __future__ import annotations

import runpy
import shutil
import subprocess
import sys

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


def test_the_master_imports_the_text_models_before_forking_so_no_workers_first_theme_correction_does():
    """A theme correction on the board reads the text models (scikit-learn, scipy): seconds to import in each
    worker's first one, a card move that seemed stuck on "Saving…", unless the master imported them once."""
    script = ("import runpy, sys; runpy.run_path('gunicorn.conf.py')['when_ready'](None); "
              "from forum.services import text_models; "
              "print(all(name in vars(text_models) for name in text_models.__all__), 'sklearn' in sys.modules)")
    shown = subprocess.run([sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    assert shown.stdout.split() == ["True", "True"]
