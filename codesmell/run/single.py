"""One file's analysis through the result cache, for the front ends that see one buffer at a time.

The flake8 plugin and the language server get a file's text, not a list of paths; they
share this with the engine's cache: the same content hash gives the same result, and an
entry one of them wrote serves the other.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from codesmell.model import FileResult
from codesmell.run.analyze import analyze_source
from codesmell.run.cache import ResultCache, cache_key
from codesmell.run.notebook import is_notebook

# per-file analysis without graph facts depends on the bytes alone (see Config.fingerprint)
_FINGERPRINT = "single-file"


def analyze_cached(data: bytes, path: str, cache_root: Path | None) -> FileResult:
    """`analyze_source(data, path)` without graph facts; read from and written to `cache_root`'s cache if given."""
    if cache_root is None:
        return analyze_source(data, path, with_graph=False)
    cache = ResultCache(cache_root)
    key = cache_key(hashlib.sha256(data).hexdigest(), "", False, False, _FINGERPRINT + (":ipynb" if is_notebook(path) else ""))
    cached = cache.load(key, path)  # None when missing or not trustworthy: rebuild
    if cached is not None:
        return cached
    return cache.store(key, analyze_source(data, path, with_graph=False))
