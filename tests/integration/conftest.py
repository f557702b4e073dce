"""Fixtures of the integration tests that need a database of their own."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.fresh_databases import a_fresh_database


@pytest.fixture
def fresh_database_url(tmp_path: Path) -> Iterator[str]:
    """An empty database, never migrated: for tests that build the schema themselves."""
    with a_fresh_database(tmp_path) as url:
        yield url
