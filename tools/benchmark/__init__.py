"""The scale benchmark behind `manage.py benchmark`: build a synthetic installation in a
database of its own (build, database), time the pages with Django's test client (measure),
time the Excel and PDF jobs a plan at a time (excel, papers), report the figures (report);
`run` ties them together for the command."""
