"""The search page: views."""
