"""Step 2 of an import: compare the workbook with the plan (reads the database, writes nothing)."""
