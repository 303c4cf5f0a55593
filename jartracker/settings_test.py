"""Settings for the test suite: the base settings with a fixed key and a fast hasher."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")

from jartracker.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / "media-test"  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
# Tasks run inside the request, synchronously, whatever the environment says; the tests of the
# worker (tests/views/test_paper_renders.py) switch to the database backend and run db_worker.
TASKS = {"default": {"BACKEND": TASK_BACKENDS["immediate"], "QUEUES": ["default"]}}  # noqa: F405
