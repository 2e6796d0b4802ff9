"""Home page panels: each feature registers what it shows a signed-in person."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable


@dataclass
class Panel:
    """A template and its context, shown on the home page."""

    template: str
    context: dict[str, Any]
    order: int = 50


_PROVIDERS: list[tuple[int, Callable[[Any], "Panel | None"]]] = []


def home_panel(order: int = 50):
    """Decorator: register fn(user) -> Panel | None; lower order shows first."""

    def decorator(fn):
        _PROVIDERS.append((order, fn))
        return fn

    return decorator


def panels_for(user) -> list[Panel]:
    """The panels this person sees, in order."""
    found = []
    for order, provider in sorted(_PROVIDERS, key=lambda item: item[0]):
        panel = provider(user)
        if panel is not None:
            panel.order = order
            found.append(panel)
    return found
