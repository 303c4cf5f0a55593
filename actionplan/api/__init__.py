"""The open API under /api/v1/ (issue 16): reads of any plan as at any day, and progress writes.

Reads answer from the same code as `export_plan` (selectors/plan_export.py); writes go through the same
service as the progress form (services/progress.py); permissions are actionplan/permissions.py's.
"""
