"""Every model is in the admin, and every versioned one shows its history there."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from actionplan import models as m


@pytest.mark.django_db
def test_every_model_has_an_admin_page_and_versioned_ones_their_history(client, world):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.gov.uk", "x"))
    app_models = [model for model in admin.site._registry if model._meta.app_label == "actionplan"]
    assert {mdl.__name__ for mdl in app_models} >= {
        "Plan", "TimescaleGroup", "Person", "PartnerOrganisation", "GlossaryTerm", "Recommendation",
        "RecommendationSummary", "Action", "ActionLead", "ProgressNote", "Evidence", "Indicator",
        "IndicatorTarget", "IndicatorValue", "Paper", "PaperRender",
    }
    for model in app_models:
        opts = model._meta
        assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
    history = client.get(reverse("admin:actionplan_action_history", args=[world.mine.pk]))
    assert history.status_code == 200
    assert "Discussion paper to be prepared" in history.content.decode()
    assert not admin.site._registry[m.Action].has_delete_permission(None)
