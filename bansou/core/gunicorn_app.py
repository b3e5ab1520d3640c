"""Gunicorn run from inside `bansou serve`, with the settings that command chose."""

from django.core.wsgi import get_wsgi_application
from gunicorn.app.base import BaseApplication


class BansouApplication(BaseApplication):
    def __init__(self, gunicorn_settings: dict):
        self.gunicorn_settings = gunicorn_settings
        super().__init__(prog="bansou serve")

    def load_config(self) -> None:
        for name, value in self.gunicorn_settings.items():
            self.cfg.set(name, value)

    def load(self):
        return get_wsgi_application()
