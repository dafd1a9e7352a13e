"""`upheld issue-token USERNAME [--name NAME]`: create an API bearer token, print it once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from upheld.api.models import ApiToken


class Command(BaseCommand):
    help = "Create an API bearer token for a user and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for (shown in admin).")

    def handle(self, *args, username, name, **options):
        User = get_user_model()  # noqa: N806
        user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(f"There is no user {username!r}.")
        if not user.is_active:
            raise CommandError(f"{username} is not active; activate the account first.")
        token, key = ApiToken.issue(user, name=name)
        self.stderr.write(
            f"Token {token.prefix}… for {username} created. Keep it now: it is "
            "not stored and cannot be shown again."
        )
        self.stdout.write(key)
