"""Shared fixtures: saved real pages from ../shared, databases, loopback servers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# ../shared sits beside the checkout (CI clones main and links shared beside it).
SHARED = Path(os.environ.get("RENEWAL_WATCH_SHARED", REPO.parent / "shared"))
REALWEB = SHARED / "realweb"
CORPUS = SHARED / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def realweb_file(rel: str) -> Path:
    """Path of a saved real page; skips the test cleanly when ../shared is absent."""
    path = REALWEB / rel
    if not path.exists():
        pytest.skip(f"saved page not available: {path} (../shared absent?)")
    return path


def realweb_files(pattern: str) -> list[str]:
    """Relative names under realweb matching a glob, for parametrising (empty when absent)."""
    if not REALWEB.exists():
        return []
    return sorted(str(p.relative_to(REALWEB)) for p in REALWEB.glob(pattern))


@pytest.fixture
def realweb():
    return realweb_file
