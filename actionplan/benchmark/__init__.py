"""The scale benchmark behind `manage.py benchmark`: build a synthetic installation in a
database of its own (build), time the pages with Django's test client (measure), and
report the figures (report)."""
