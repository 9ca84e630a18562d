"""What gunicorn checks before it serves (gunicorn.conf.py's ``on_starting``), each refusal a ``RuntimeError`` that
gunicorn prints as one line ("Error: ...") before exiting with 1.

- The control socket (``gunicornc``): its folder is private (the socket is made before gunicorn narrows its mode,
  and a folder others may write in lets them put a socket of theirs in its place), and no other live gunicorn
  answers on it (the new one would take it over, and the old one remove it when stopping); its path fits a socket
  (from a deep checkout gunicorn only logged "Control server error").
- The rate limits: counted in each process apart (``threadsafe-memory://``), several workers would each let a flood
  through the whole limit, and the RQ workers (with Redis) would give back the counts of messages not sent in their
  own memory: refused, naming the setting (by default they are counted in a file the processes share).
"""
from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

from flask import Flask

SOCKET_PATH_MAX = 107  # Linux's sun_path, less its final zero byte


def check_control_socket(path: str) -> None:
    """Make the control socket's folder private (ours, 0700: created so, or narrowed), and refuse to start when it
    is another user's, or when a live server answers on the socket already."""
    if len(os.fsencode(path)) > SOCKET_PATH_MAX:
        raise RuntimeError(f"The control socket's path {path} is longer than a socket's path may be ({SOCKET_PATH_MAX} "
                           "bytes): give a shorter one with --control-socket /run/forum-workbench/PORT.ctl.")
    folder = Path(path).parent
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    status = folder.stat()
    if status.st_uid != os.getuid():
        raise RuntimeError(f"The control socket's folder {folder} belongs to another user: anyone who can write in it "
                           "could put a socket of theirs in place of this server's. Give this server a folder of its "
                           "own with --control-socket /run/forum-workbench/PORT.ctl (or --no-control-socket).")
    if stat.S_IMODE(status.st_mode) & 0o077:
        folder.chmod(0o700)  # the socket exists with the default mode for a moment before gunicorn sets 0600
    try:
        existing = os.lstat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISSOCK(existing.st_mode) or existing.st_uid != os.getuid():
        raise RuntimeError(f"{path} is not this user's control socket: move it away, or give this server another "
                           "with --control-socket.")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(path)
        except OSError:
            return  # left by a server that stopped without removing it: gunicorn replaces it
    raise RuntimeError(f"Another gunicorn is running with the control socket {path} (gunicornc -s {path} status): "
                       "stop it first, or start this one on another PORT or with --control-socket PATH of its own.")


def check_rate_limits(app: Flask, workers: int) -> None:
    """Refuse several worker processes when each would count the rate limits apart, and jobs run by RQ workers
    (``REDIS_URL``) then: a message a worker could not send gives its count back (``ratelimit.give_back``), in the
    worker's own memory, never in the web process's that counted it."""
    from forum.ratelimit import counts_per_process

    if app.config.get("REDIS_URL") and counts_per_process(app.config):
        raise RuntimeError(f"FORUM_RATELIMIT_STORAGE_URI={app.config['RATELIMIT_STORAGE_URI']} counts the rate "
                           "limits in each process: with FORUM_REDIS_URL the RQ workers give back the count of a "
                           "message they could not send, which this server would never see. Leave it unset (the "
                           "processes of this machine then count together in a file), or set a shared store "
                           "(redis://host:6379/1) when workers run on other machines.")
    if workers > 1 and counts_per_process(app.config):
        raise RuntimeError(f"FORUM_RATELIMIT_STORAGE_URI={app.config['RATELIMIT_STORAGE_URI']} counts the rate "
                           f"limits in each process: with {workers} workers a flood would get each limit {workers} "
                           "times. Leave it unset (the workers of this machine then count together in a file), set "
                           "a shared store (redis://host:6379/1), or start one worker (WEB_CONCURRENCY=1).")
