from typing import Any

from django.core.management.base import BaseCommand, CommandError

from commissioning.core.money import pounds
from commissioning.finance.models import Allocation
from commissioning.finance.selectors import counted_totals, position_of


class Command(BaseCommand):
    help = (
        "Prove every allocation's committed and paid totals exact: count them again from the commitments and "
        "payments and compare. Exits non-zero and names each allocation that differs."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        allocations = Allocation.objects.select_related("fund", "financial_year").order_by("pk")
        counted = counted_totals()
        wrong = []
        for allocation in allocations:
            kept, actual = position_of(allocation), counted[allocation.pk]
            if (kept.committed, kept.paid) != (actual.committed, actual.paid):
                wrong.append(
                    f"{allocation.fund.name} {allocation.financial_year.label}: kept committed "
                    f"{pounds(kept.committed)} and paid {pounds(kept.paid)}, but the rows add up to committed "
                    f"{pounds(actual.committed)} and paid {pounds(actual.paid)}"
                )
        if wrong:
            raise CommandError(f"{len(wrong)} allocation totals differ from their rows:\n" + "\n".join(wrong))
        self.stdout.write(
            self.style.SUCCESS(f"Budget totals exact: {len(counted)} allocations agree with their rows")
        )
