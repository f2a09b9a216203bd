"""Load the default billing-code table: the US psychotherapy time bands (see billing.py)."""

from django.db import migrations

DEFAULT_CODES = [
    ("90832", "Psychotherapy, 30 minutes (16-37 minutes held)", 16, 37),
    ("90834", "Psychotherapy, 45 minutes (38-52 minutes held)", 38, 52),
    ("90837", "Psychotherapy, 60 minutes (53 or more minutes held)", 53, None),
]


def load(apps, schema_editor):
    BillingCode = apps.get_model("scheduling", "BillingCode")
    for code, description, low, high in DEFAULT_CODES:
        BillingCode.objects.get_or_create(
            code=code,
            defaults={"description": description, "min_minutes": low, "max_minutes": high},
        )


def unload(apps, schema_editor):
    BillingCode = apps.get_model("scheduling", "BillingCode")
    BillingCode.objects.filter(code__in=[c[0] for c in DEFAULT_CODES]).delete()


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0002_rooms_series_billing_feed")]

    operations = [migrations.RunPython(load, unload)]
