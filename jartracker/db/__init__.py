"""The database layer's own pieces: which transactions may write (`reads`), and the SQLite backend that
starts read-only ones without the write lock (`sqlite3`)."""
