"""Coprod: a static site generator for news on Ukraine's defence-industrial cooperation."""

__version__ = "0.1.0"
