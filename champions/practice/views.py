"""Shared practice examples: views."""
