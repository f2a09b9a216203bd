"""The JSON API (django-ninja) under /api/v1/, with personal bearer tokens. See docs/api.md."""
