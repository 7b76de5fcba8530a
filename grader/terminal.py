"""Whether output goes to a terminal, and colour only when it does (and NO_COLOR is not set).

Every learner-facing renderer takes `color: bool`; the CLI decides it once with `color_wanted()`.
Colour is applied after padding, so columns line up with or without it.
"""

from __future__ import annotations

import os
import sys

import click


def is_terminal(stream=None) -> bool:
    """True when `stream` (default: stdout) is an interactive terminal."""
    stream = sys.stdout if stream is None else stream
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def no_color() -> bool:
    """https://no-color.org: NO_COLOR set to anything but the empty string turns colour off."""
    return bool(os.environ.get("NO_COLOR"))


def color_wanted(stream=None) -> bool:
    return is_terminal(stream) and not no_color()


class Painter:
    """`paint(text, fg="green", bold=True)`: click.style when colour is on, the text unchanged otherwise."""

    def __init__(self, color: bool):
        self.color = color and not no_color()

    def __call__(self, text: str, **style) -> str:
        return click.style(text, **style) if self.color and style else text
