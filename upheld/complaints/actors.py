"""Who makes a move: a staff user, the complainant, or Upheld itself."""

from dataclasses import dataclass

from django.contrib.auth.models import User


@dataclass(frozen=True)
class Actor:
    kind: str  # "staff" | "complainant" | "system" | "public"
    user: User | None = None
    label: str = ""

    @property
    def is_staff_user(self) -> bool:
        return self.kind == "staff" and self.user is not None

    def has_perm(self, perm: str) -> bool:
        user = self.user if self.kind == "staff" else None
        return user is not None and user.is_active and user.has_perm(perm)

    def display(self) -> str:
        if self.user is not None:
            return self.label or self.user.get_username()
        return self.label or self.kind


SYSTEM = Actor("system", label="Upheld")
PUBLIC = Actor("public", label="member of the public")
COMPLAINANT = Actor("complainant", label="complainant")


def as_actor(by) -> Actor:
    """Accept a user, an Actor, or None (= the public) wherever a move names its actor."""
    if isinstance(by, Actor):
        return by
    if by is None:
        return PUBLIC
    if getattr(by, "is_anonymous", False):
        return PUBLIC
    return Actor("staff", user=by, label=by.get_username())
