"""Partner organisation updates: views."""
