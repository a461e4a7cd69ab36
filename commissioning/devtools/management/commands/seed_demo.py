"""Load the Wiltshire and Swindon demo: safe to run again (nothing changes the second time); refused when DEBUG is
off, so demo accounts with a published password never reach a live service."""

import os
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from commissioning.accounts.roles import Role
from commissioning.core.actors import DEMO_LOADER
from commissioning.devtools.demo.accounts import DEMO_ACCOUNTS
from commissioning.devtools.demo.accounts import load as load_accounts

# Each app's demo.load(by=administrator), in dependency order; apps without a demo are skipped.
DEMO_APPS = [
    "core",
    "plans",
    "organisations",
    "finance",
    "governance",
    "agreements",
    "grants",
    "monitoring",
    "feedback",
    "decisions",
    # The commissioning cycle: its intentions are approved through a decision record.
    "cycle",
    # After monitoring and decisions: a decommissioning cites its agreement's return and publishes its record.
    "decommissioning",
    "publication",
    # Commissioning projects: after grants, monitoring and the needs assessments demo of the cycle.
    "cycle_projects",
    # After every app that commits money or rates returns: the demo meeting's pack is generated from what they left.
    "boards",
    "reports",
]


class Command(BaseCommand):
    help = "Load the demo data and demo accounts (development only)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet-sign-in", action="store_true", help="Do not print the sign-in details.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "Demo data and demo accounts are refused when DEBUG is off: they have a published password."
            )
        administrator = load_accounts(by=DEMO_LOADER)
        for app in DEMO_APPS:
            if find_spec(f"commissioning.devtools.demo.{app}") is not None:
                import_module(f"commissioning.devtools.demo.{app}").load(by=administrator)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if not options["quiet_sign_in"]:
            self.stdout.write(sign_in_details())


def sign_in_details() -> str:
    width = max(len(email) for email, *_ in DEMO_ACCOUNTS)
    lines = [
        "",
        "OpenCommissioning is running at http://127.0.0.1:8000/",
        "Sign in at http://127.0.0.1:8000/account/sign-in/ as any of these people:",
        "",
    ]
    for email, full_name, _job, role in DEMO_ACCOUNTS:
        lines.append(f"  {email.ljust(width)}  {Role(role).label} ({full_name})")
    lines += [
        "",
        f"Every demo password is: {settings.DEMO_PASSWORD}"
        + ("" if "DEMO_PASSWORD" in os.environ else "  (the default; set DEMO_PASSWORD to change it)"),
    ]
    if settings.OTP_REQUIRED_FOR_STAFF:
        lines.append("Staff are asked to set up an authenticator app (TOTP) the first time they sign in.")
    else:
        lines.append("Two-factor sign-in is off in this demo; set OTP_REQUIRED=true to try it.")
    lines.append("")
    return "\n".join(lines)
