"""A bare Flask hello world: the baseline the benchmarks print their figures beside.

    gunicorn --workers 1 --threads 8 --pythonpath benchmarks 'bare_app:create_app()'
"""

from __future__ import annotations

from flask import Flask


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/")
    def hello() -> str:
        return "Hello, World!"

    return app
