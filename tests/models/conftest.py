"""Fixtures of the model tests."""

import pytest

from models.queries import month_cache


@pytest.fixture
def forget_kept_months():
    """Start and end the test with no kept month computation (models/queries/month_cache.py)."""
    month_cache.clear()
    yield
    month_cache.clear()
