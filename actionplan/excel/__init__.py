"""Excel in and out: export a plan as a working workbook; import a council's workbook safely.

An import is three steps, each a package or module: read/ (open the file safely, read
and check every row, no database), compare/ (the workbook against the plan: a ChangeSet)
and apply.py (write the ChangeSet); importer.py runs them, dry run or real. export/ writes
workbooks. columns.py describes every column once, for both directions, so the import
never needs the export. problems.py is how the import reports what it found.
"""
