"""gunicorn settings for `make run` and the load benchmark (gunicorn reads this file from the
working directory; command-line flags override it). Figures: benchmarks/README.md."""
import os

port = os.environ.get("PORT", "5000")
bind = f"127.0.0.1:{port}"
# No access log of gunicorn's own: the app logs each request as one JSON line on stderr
# (forum/operations/request_log.py, README "Health and logs"); both logged every request twice.
accesslog = None
INSTANCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "instance")


def control_socket_for(binds):
    """gunicornc's control socket, one per instance: in this checkout's instance folder (where its SQLite
    database and secret key live), named after the port it serves. With gunicorn's one default path, several
    instances on a host each took it over from the one before (and removed it when stopping), so `gunicornc`
    drove whichever started last; named after the port only, under ~/.gunicorn, two checkouts serving on one
    port (a test copy and production, two developers' branches) still shared it."""
    address = binds[0]
    if address.startswith(("unix:", "fd://")):
        import hashlib

        return os.path.join(INSTANCE, f"gunicorn-{hashlib.sha256(address.encode()).hexdigest()[:12]}.ctl")
    return os.path.join(INSTANCE, f"gunicorn-{address.rpartition(':')[2]}.ctl")


control_socket = control_socket_for([bind])


def on_starting(server):
    """Before binding: the control socket named after the address actually served (`--bind 0.0.0.0:5002` without
    PORT), in a private folder, not another live server's; and rate limits counted together by the workers.
    Either refused with one line saying what to do (forum/operations/serving.py)."""
    from forum.operations.serving import check_control_socket, check_rate_limits

    if server.cfg.control_socket == control_socket:  # not given on the command line
        server.cfg.set("control_socket", control_socket_for(server.cfg.bind))
    if not server.cfg.control_socket_disable:
        check_control_socket(server.cfg.control_socket)
    if server.cfg.preload_app:  # the app is loaded already: its settings are the workers'
        check_rate_limits(server.app.wsgi(), server.cfg.workers)


# More processes with few threads each: a request's Python work needs its process's lock (the
# GIL), and with many threads per process the request holding SQLite's write lock kept waiting
# for it while everyone else waited for that write lock. One more worker than CPUs keeps the
# CPUs busy while a worker waits for the database.
workers = int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) + 1))
threads = 2
# By default a gthread worker accepts every connection it can (1,000) and lines them up behind its
# own threads: in a burst one worker holds a long line while another runs short, and requests are
# no longer served in the order they came (p95 was twice the median). Capped at twice its threads,
# a worker takes a connection only when it can serve it soon; the rest wait in the kernel's shared
# accept queue, first come, first served. gunicorn keeps at most `worker_connections - threads`
# idle keep-alive connections, so they never take every slot.
worker_connections = 2 * threads
backlog = 2048
# The app (and in when_ready scikit-learn) is imported once, by the master, before it forks the workers:
# they start serving at once and share those pages, instead of each importing it for seconds.
preload_app = True


def when_ready(server):
    """In the master, before it forks the workers: draw a throwaway chart, so that matplotlib, its fonts
    and the PNG writer are loaded once and shared, not in each worker's first report, and import the text
    models (scikit-learn, which the app imports only on first use), not in each worker's first theme
    correction; then leave the objects made while loading out of the garbage collector's passes: in the
    workers the collector never touches (and copies) them."""
    import gc

    from analysis.report.charts import warm_up
    from forum.services import text_models

    warm_up()
    text_models.import_all()
    gc.freeze()


def post_worker_init(worker):
    """Leave the objects made while starting the worker out of the garbage collector's full
    passes, and hand the interpreter lock over sooner.

    The start-up objects live as long as the worker; scanning them again and again paused
    requests for tens of milliseconds in a burst.

    A thread back from SQLite waits for the lock (the GIL) until the thread holding it has run
    its switch interval, 5 ms by default; the writer holding SQLite's write lock waits so after
    each statement while every other writer waits for it."""
    import gc
    import sys

    gc.freeze()
    sys.setswitchinterval(0.001)
