"""Figures older versions let SQLite keep beyond their columns, taken out of the live rows (see figure_repair)."""

from decimal import Decimal

from django.db import migrations

from rumbo.kpis.figure_repair import Figure, Table, retire_out_of_range, target_settles

FIGURE = Decimal("99999999999999.95")  # 20 digits, 6 decimals, as SQLite gives them back
SHARE = Decimal("1000")  # 7 digits, 4 decimals
SCALE = Decimal("100000000")  # 12 digits, 4 decimals


def retire(apps, schema_editor):
    retire_out_of_range(apps, schema_editor, [
        Table("kpis", "Kpi", (
            Figure("baseline", "Línea base", FIGURE, feminine=True), Figure("on_track_at", "Umbral «en rumbo»", SHARE),
            Figure("at_risk_at", "Umbral «en riesgo»", SHARE), Figure("scale_min", "Mínimo de la escala", SCALE),
            Figure("scale_max", "Máximo de la escala", SCALE),
        )),
        Table("kpis", "Target", (
            Figure("value", "Meta", FIGURE, feminine=True), Figure("low", "Mínimo del rango", FIGURE), Figure("high", "Máximo del rango", FIGURE),
        ), settle=target_settles),
        Table("kpis", "Measurement", (
            Figure("value", "Valor", FIGURE), Figure("numerator", "Numerador", FIGURE), Figure("denominator", "Denominador", FIGURE),
        )),
    ])


class Migration(migrations.Migration):

    dependencies = [
        ('kpis', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(retire, migrations.RunPython.noop),
    ]
