"""Figures older versions let SQLite keep beyond their columns, taken out of the live rows (see figure_repair)."""

from decimal import Decimal

from django.db import migrations

from rumbo.kpis.figure_repair import Figure, Table, key_result_settles, retire_out_of_range

FIGURE = Decimal("99999999999999.95")  # 20 digits, 6 decimals, as SQLite gives them back
LARGEST = Decimal("99999999999999")


def retire(apps, schema_editor):
    retire_out_of_range(apps, schema_editor, [
        Table("okrs", "KeyResult", (
            Figure("baseline", "Línea base", FIGURE, LARGEST, feminine=True), Figure("target", "Meta", FIGURE, LARGEST, feminine=True),
            Figure("current", "Valor actual", FIGURE), Figure("weight", "Peso", FIGURE, LARGEST),
        ), settle=key_result_settles, also=("kind",)),
        Table("okrs", "CheckIn", (Figure("value", "Valor", FIGURE),)),
    ])


class Migration(migrations.Migration):

    dependencies = [
        ('okrs', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(retire, migrations.RunPython.noop),
    ]
