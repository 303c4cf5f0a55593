from datetime import date

import factory
from django.utils import timezone

from actionplan import models as m


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Plan

    slug = factory.Sequence(lambda n: f"plan-{n}")
    title = factory.Sequence(lambda n: f"Improvement plan {n}")
    organisation = "Example Council"
    started_on = date(2005, 12, 1)


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.TimescaleGroup

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Group {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Person

    plan = factory.SubFactory(PlanFactory)
    initials = factory.Sequence(lambda n: f"P{n}")
    name = factory.Faker("name", locale="en_GB")
    job_title = "Service Manager"


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Recommendation

    plan = factory.SubFactory(PlanFactory)
    group = factory.SubFactory(GroupFactory, plan=factory.SelfAttribute("..plan"))
    number = factory.Sequence(lambda n: n + 1)
    text = "Ensure that things improve."


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Action

    recommendation = factory.SubFactory(RecommendationFactory)
    position = factory.Sequence(lambda n: n + 1)
    description = "Do the thing"
    by_when_text = "Mar 06"
    due_date = date(2006, 3, 31)


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ProgressNote

    action = factory.SubFactory(ActionFactory)
    note_date = date(2006, 2, 1)
    text = "Work started"
    recorded_at = factory.LazyFunction(timezone.now)
