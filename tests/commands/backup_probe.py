"""What a restore must bring back, read the same way from the original database (in the test) and from
the restored one (in a `manage.py shell` subprocess pointed at it): each plan's export as at several
dates, the rows of every table, the accounts and the issued papers."""

import json
from datetime import date

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder

from actionplan.models import Paper, Plan
from actionplan.selectors.plan_export import plan_as_json

AS_AT = (date(2006, 3, 1), date(2006, 5, 19), date(2006, 11, 30), None)


def state() -> dict:
    data = {
        "exports": {
            plan.slug: {str(day or "now"): plan_as_json(plan, day) for day in AS_AT} for plan in Plan.objects.all()
        },
        "rows": {model._meta.label: model._default_manager.count() for model in apps.get_models()},
        "users": list(get_user_model().objects.order_by("pk").values("username", "password", "email")),
        "papers": list(
            Paper.objects.order_by("pk").values("pk", "version", "issued_at", "issued_pdf", "issued_sha256")
        ),
    }
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def print_state() -> None:
    print(json.dumps(state()))
