"""Job functions for the worker's tests."""
from __future__ import annotations

import time

from champions.outbox.models import queue_email


def broken():
    """A job that always fails."""
    raise RuntimeError("the mail relay is on fire")


def slow_email():
    """Queue one email, slowly, so two workers running it at once overlap."""
    queue_email("ran@example.org", "The job ran", "Once, we hope.")
    time.sleep(0.3)
    return 1
