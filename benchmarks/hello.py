"""A bare Flask "hello" app: the yardstick `make bench` serves the same way as the Hub, in the same run."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    """Hello, World!"""
    return "Hello, World!"
