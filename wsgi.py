"""WSGI entry point for gunicorn: ``gunicorn wsgi:app``."""
from champions import create_app

app = create_app()
