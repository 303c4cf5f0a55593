"""`make loadtest` (run.py): officers recording progress and directors reading dashboards through the real
pages, under Locust (locustfile.py), against gunicorn with production settings on a throwaway PostgreSQL
database; then a check that every accepted note is stored once with its history (check.py). The accounts
(accounts.py), the server and database (server.py) and the page forms (forms.py) are shared with
`make faultdrill` (tools/faultdrill)."""
