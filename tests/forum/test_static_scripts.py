"""What the page scripts share is written once: a behaviour of every page lives in app.js, which
every page loads, and a page's own script does not repeat it."""
from __future__ import annotations

from pathlib import Path

import forum

STATIC = Path(forum.__file__).parent / "static"


def test_only_app_js_disables_a_busy_forms_button():
    """One click, one run (form[data-busy]) is app.js's: a second copy in a page's script ran twice."""
    readers = sorted(script.name for script in STATIC.glob("*.js") if "dataset.busy" in script.read_text())
    assert readers == ["app.js"]
