"""codesmell: long-method detection and module communities for Python code."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
