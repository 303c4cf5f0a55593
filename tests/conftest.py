import os

# live_server with synchronous Playwright runs ORM calls inside Playwright's event loop thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
