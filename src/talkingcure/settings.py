"""Placeholder; replaced by the foundation settings module."""
SECRET_KEY = "placeholder-not-for-production"
INSTALLED_APPS: list[str] = []
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
