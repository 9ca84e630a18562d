"""Templates compiled once per test process, not once per app: a browser test's app is its own, and compiling the
templates of its first pages again took most of those pages' time (seconds on a loaded machine, past a test's
10 s wait for the first page)."""
from __future__ import annotations

from jinja2 import BytecodeCache


class CompiledTemplates(BytecodeCache):
    """Jinja's compiled code of each template kept in memory (Jinja checks it against the template's source)."""

    def __init__(self):
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket):
        self.code[bucket.key] = bucket.bytecode_to_string()


COMPILED = CompiledTemplates()


def share_compiled_templates(app):
    """``app`` reads the templates the process's other apps compiled, and keeps those it compiles for them."""
    app.jinja_env.bytecode_cache = COMPILED
    return app
