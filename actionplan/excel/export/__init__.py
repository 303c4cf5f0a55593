"""Export: a plan, or a filtered list of actions, as a working workbook that can be imported again.

Nothing here is imported by the import (read/, compare/, apply.py): what both need is in columns.py.
"""

from actionplan.excel.export.workbook import export_actions_xlsx, export_plan_xlsx

__all__ = ["export_actions_xlsx", "export_plan_xlsx"]
