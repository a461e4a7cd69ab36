import pytest

from commissioning.decommissioning.models import Decommissioning, DecommissioningStatus

from .test_generate_data import generate, seed_demo

pytestmark = pytest.mark.django_db


def test_the_generator_makes_decommissionings_numbered_after_the_demos():
    seed_demo()
    demo = set(Decommissioning.objects.values_list("reference", flat=True))
    generate()
    generated = Decommissioning.objects.exclude(reference__in=demo)
    assert generated.count() >= 5
    assert (
        len(set(Decommissioning.objects.values_list("reference", flat=True)))
        == Decommissioning.objects.count()
    )
    cited = generated.exclude(status=DecommissioningStatus.DRAFT).filter(cited_return__isnull=False)
    assert all(
        d.cited_return.plan.agreement_id == d.agreement_id for d in cited.select_related("cited_return__plan")
    )
