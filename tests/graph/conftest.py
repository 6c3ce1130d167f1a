"""Fixture projects parsed once per session."""

from __future__ import annotations

import pytest

from .projects import FIXTURES, ModuleInput, load_project


@pytest.fixture(scope="session")
def planted() -> list[ModuleInput]:
    return load_project(FIXTURES / "planted_communities" / "src")


@pytest.fixture(scope="session")
def import_styles() -> list[ModuleInput]:
    return load_project(FIXTURES / "import_styles")
