"""API keys of cooperative A for the API tests: one that writes, one that only reads."""

import pytest

from rumbo.api.services import token_create


@pytest.fixture
def writer(cast):
    return token_create(coop=cast.coop, name="Contabilidad", can_write=True, user=cast.admin)[1]


@pytest.fixture
def reader(cast):
    return token_create(coop=cast.coop, name="Tablero externo", can_write=False, user=cast.admin)[1]
