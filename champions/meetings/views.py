"""Monthly SDS Champions' meetings: views."""
