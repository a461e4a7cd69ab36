from datetime import date

import factory

from commissioning.plans.models import CommissioningPrinciple, Objective, Plan, Priority


class PlanFactory(factory.django.DjangoModelFactory[Plan]):
    class Meta:
        model = Plan

    title = factory.Sequence(lambda n: f"Police and Crime Plan {2017 + n}")
    starts_on = date(2025, 4, 1)
    ends_on = date(2029, 3, 31)


class PriorityFactory(factory.django.DjangoModelFactory[Priority]):
    class Meta:
        model = Priority

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Priority {n + 1}")


class ObjectiveFactory(factory.django.DjangoModelFactory[Objective]):
    class Meta:
        model = Objective

    priority = factory.SubFactory(PriorityFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Objective {n + 1}")


class PrincipleFactory(factory.django.DjangoModelFactory[CommissioningPrinciple]):
    class Meta:
        model = CommissioningPrinciple

    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Principle {n + 1}")
