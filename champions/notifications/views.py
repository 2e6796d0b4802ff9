"""In-app notifications and email preferences: views."""
