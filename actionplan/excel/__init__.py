"""Excel in and out: export a plan as a working workbook; import a council's workbook safely."""
