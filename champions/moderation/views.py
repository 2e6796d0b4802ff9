"""The moderation queue: views."""
