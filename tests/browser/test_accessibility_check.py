"""The accessibility check itself: axe-core finds a real problem, and says where."""
from __future__ import annotations

import pytest


def test_the_check_fails_on_a_page_with_an_unlabelled_field_and_an_image_without_text(page, assert_accessible):
    page.set_content('<!doctype html><html lang="en"><head><title>Broken</title></head><body><main>'
                     '<h1>Broken</h1><img src="data:," id="photo"><input type="text" id="nameless"></main></body></html>')
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)
    message = str(failure.value)
    assert "image-alt" in message and "#photo" in message
    assert "label" in message and "#nameless" in message
    # A second check of the same page reuses the axe already in it, and still finds the problems.
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)
