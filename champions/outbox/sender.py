"""Deliver queued email over SMTP (to be completed by the outbox work)."""


def run(watch: bool = False) -> None:
    """Send what is due."""
    raise NotImplementedError
