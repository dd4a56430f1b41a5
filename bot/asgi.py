"""ASGI entry point for uvicorn workers: settings come from the environment."""

from bot.app import create_app

app = create_app()
