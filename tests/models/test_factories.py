"""Every model has a factory, and each factory makes a row the model itself accepts."""

import factory
import pytest
from django.apps import apps

from tests import factories


def _factories():
    return [f for f in vars(factories).values()
            if isinstance(f, type) and issubclass(f, factory.django.DjangoModelFactory) and f._meta.model]


def _app_models():
    """The app's own tables; simple-history's Historical* copies are written by the models themselves."""
    return {m for m in apps.get_app_config("actionplan").get_models() if not m.__name__.startswith("Historical")}


def test_every_model_has_a_factory():
    covered = {f._meta.model for f in _factories()}
    assert sorted(m.__name__ for m in _app_models() - covered) == []


@pytest.mark.parametrize("factory_class", _factories(), ids=lambda f: f.__name__)
def test_a_factory_makes_a_valid_row(db, settings, tmp_path, factory_class):
    settings.MEDIA_ROOT = tmp_path
    made = factory_class()
    made.full_clean(exclude=["password"] if factory_class is factories.UserFactory else None)
    assert type(made).objects.filter(pk=made.pk).exists()
