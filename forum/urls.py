"""URL helpers."""
from __future__ import annotations

from urllib.parse import urlsplit


def safe_local_url(target: str | None, fallback: str) -> str:
    """Follow only same-site paths (no open redirect through ?next= or ?back=)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target \
            and not urlsplit(target).netloc:
        return target
    return fallback
