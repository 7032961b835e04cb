"""Rotating DJANGO_SECRET_KEY with the old key in DJANGO_SECRET_KEY_FALLBACKS keeps people
signed in (README: "Rotating the secret key")."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

OLD, NEW = "old-key-" + "o" * 50, "new-key-" + "n" * 50


@pytest.mark.parametrize(("fallbacks", "signed_in"), [([OLD], True), ([], False)])
def test_a_session_from_before_the_rotation_lasts_while_the_old_key_is_a_fallback(
    client, settings, owner, fallbacks, signed_in
):
    # given: signed in under the old key
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = OLD, []
    client.force_login(owner)

    # when: the key is rotated
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW, fallbacks
    response = client.get(reverse("assessment_list"))

    # then
    assert (response.status_code == 200) is signed_in
    assert (response.status_code == 302) is not signed_in
