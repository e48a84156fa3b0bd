"""Issue an API token for a referrer: `manage.py create_referrer_token USERNAME [--name NAME]`.

The key is printed once; only its SHA-256 is stored. Use it as `Authorization: Token <key>`.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from referrals.access import is_referrer
from referrals.models import ReferrerApiToken


class Command(BaseCommand):
    help = "Create an API token for a user in the Referrers group and print its key once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for.")

    def handle(self, *args, username: str, name: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if not is_referrer(user):
            raise CommandError(f"{username!r} is not in the Referrers group.")
        _, key = ReferrerApiToken.issue(user=user, name=name)
        self.stdout.write(key)
