"""Figures say how many contributors they rest on; those published before rest on every member that sent a figure."""

from django.db import migrations, models
from django.db.models import F, Q


def rest_on_all(apps, schema_editor):
    Figure = apps.get_model("federation", "Figure")
    shown = Q(total__isnull=False) | Q(ratio__isnull=False) | Q(median__isnull=False)
    Figure.objects.filter(shown).update(used=F("contributors"))


class Migration(migrations.Migration):
    dependencies = [
        ("federation", "0002_remote_members"),
    ]

    operations = [
        migrations.AddField(
            model_name="figure",
            name="used",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(rest_on_all, migrations.RunPython.noop),
    ]
