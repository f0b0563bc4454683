"""Cooperative A's own unit for the shared cast: a «lata» of 12,5 kg (the URL walks open its page)."""


def add_local_units(cast) -> None:
    from rumbo.orgs.models import LocalUnit

    cast.local_unit = LocalUnit.objects.create(cooperative=cast.coop, name="lata", key="lata", definition="12,5 kg")
