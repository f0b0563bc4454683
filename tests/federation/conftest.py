"""What the federation's tests share beyond the cast: the operator's word on private addresses."""

import pytest


@pytest.fixture
def private_addresses_allowed(settings):
    """The federation's Rumbo in these tests listens on 127.0.0.1: the operator allows private addresses."""
    settings.RUMBO_ALLOW_PRIVATE_ADDRESSES = True
