"""Developer tooling kept out of the app: the scale benchmark (`tools.benchmark`), the builder
of the Herefordshire fixture from the seed documents (`tools.fixture_builder`), and the load and fault
drills (`tools.loadtest`, `tools.faultdrill`: `make loadtest` and `make faultdrill` run their `run` modules).

The app never imports from here; only the thin management commands `benchmark` and
`build_fixture` (in `actionplan/management/commands/`) call in. Run from the project root, which
manage.py and pytest put on sys.path.
"""
