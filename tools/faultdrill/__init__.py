"""`make faultdrill` (run.py): faults under load on a PostgreSQL cluster of the drill's own (cluster.py): a
gunicorn worker killed, PostgreSQL restarted, the background worker killed while a paper is being issued
(issue.py, with the paper from paper.py); what users saw, by fault (report.py). Users, accounts, server and
the notes' check are the load drill's (tools/loadtest)."""
