"""Questions and answers: views."""
