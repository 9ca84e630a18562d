"""Starting the app leaves the text models (scikit-learn and the rest) unimported until a job needs them."""
from __future__ import annotations

import subprocess
import sys

from forum.config import REPO_ROOT
from forum.services import text_models

HEAVY = ("sklearn", "scipy", "numpy", "matplotlib")

STARTUP = """
import sys
from forum import create_app
create_app({"SECRET_KEY": "startup test", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
print(" ".join(name for name in %r if name in sys.modules))
"""


def test_create_app_imports_no_text_model_library():
    started = subprocess.run([sys.executable, "-c", STARTUP % (HEAVY,)], cwd=REPO_ROOT, capture_output=True,
                             text=True, check=True)
    assert started.stdout.split() == []


def test_every_text_model_name_is_found_in_its_module():
    for name in text_models.__all__:
        assert getattr(text_models, name).__name__ == name
