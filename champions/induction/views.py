"""Induction for new staff: views."""
