"""gunicorn.conf.py, as each instance of a deployment reads it."""
from __future__ import annotations

import runpy

from forum.config import REPO_ROOT


def server_settings(monkeypatch, port: str) -> dict:
    monkeypatch.setenv("PORT", port)
    return runpy.run_path(str(REPO_ROOT / "gunicorn.conf.py"))


def test_two_instances_on_one_host_have_control_sockets_of_their_own(monkeypatch):
    first, second = server_settings(monkeypatch, "5001"), server_settings(monkeypatch, "5002")
    assert (first["bind"], second["bind"]) == ("127.0.0.1:5001", "127.0.0.1:5002")
    assert first["control_socket"] != second["control_socket"]
    assert first["control_socket"].endswith("forum-workbench-5001.ctl")
