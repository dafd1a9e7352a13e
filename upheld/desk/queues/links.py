"""The link from a queue row to the complaint's page (desk/complaint/, built beside this):
by its URL name once it exists, by its path until then."""

from django.urls import NoReverseMatch, reverse


def complaint_url(reference: str) -> str:
    try:
        return reverse("desk:complaint", args=[reference])
    except NoReverseMatch:
        return f"/desk/complaints/{reference}/"
