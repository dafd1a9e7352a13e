"""What every page's layout needs: the organisation whose site it is (its name in the
header and the title, ISO 10002 4.2 visibility), read only when a template uses it."""

from django.utils.functional import SimpleLazyObject


def site(request) -> dict:
    from upheld.organisation.models import Organisation

    return {"org": SimpleLazyObject(Organisation.current)}
