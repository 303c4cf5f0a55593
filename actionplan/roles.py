"""The five roles, as auth groups. Permission checks themselves live in actionplan.permissions."""

OFFICER = "Officer"
PLAN_MANAGER = "Plan manager"
DIRECTOR = "Director"
CLERK = "Clerk"
VIEWER = "Viewer"
ALL = [OFFICER, PLAN_MANAGER, DIRECTOR, CLERK, VIEWER]
