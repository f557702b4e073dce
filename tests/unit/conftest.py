import pytest

from tests.unit.situations import World


@pytest.fixture
def world() -> World:
    return World()
