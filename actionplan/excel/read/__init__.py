"""Step 1 of an import: open the file safely and read every row into plain records (no database)."""
