"""Developer tooling kept out of the app: the scale benchmark (`tools.benchmark`) and the builder
of the Herefordshire fixture from the seed documents (`tools.fixture_builder`).

The app never imports from here; only the thin management commands `benchmark` and
`build_fixture` (in `actionplan/management/commands/`) call in. Run from the project root, which
manage.py and pytest put on sys.path.
"""
