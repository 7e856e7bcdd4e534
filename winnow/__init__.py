"""Winnow: command line and the glue that runs pipeline stages over storage."""

__version__ = "0.1.0"
