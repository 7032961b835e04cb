"""`manage.py price` refuses a value above a key's ceiling: one message, exit status 2."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command


def test_a_huge_memory_is_refused_with_status_2_naming_the_key_and_its_ceiling():
    # when
    with pytest.raises(CommandError) as caught:
        call_command("price", "lambda", "memory_mb=1e308")

    # then
    assert caught.value.returncode == 2
    assert "memory_mb='1e308' is above the ceiling of 10240" in str(caught.value)
