"""Forms, one module per part of the app. Forms read and check what was typed; services write it.

dates.py holds the date fields every other form uses, including the one field for an as-at date.
"""
