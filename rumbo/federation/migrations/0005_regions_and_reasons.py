"""Regions of a federation, figures per region, and why a figure is suppressed.

The figures published before are the network's (no region). Their reasons are filled in where what
they hold tells them for certain: fewer than k contributors ("threshold"), every figure hidden with k
or more ("differencing"), nothing hidden (none). A total hidden beside published quartiles may be
dominance or differencing (or, for a ratio, a period where a member sent only its rate): its reasons
stay unknown (null), which the pages say in general words, until the figures are published again (the
next push of the template, or `rumbo federation recompute`).
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F, Q


def certain_reasons(apps, schema_editor):
    Figure = apps.get_model("federation", "Figure")
    few = Q(contributors__lt=F("federation__min_contributors"))
    Figure.objects.filter(few).update(reasons=["threshold"])
    hidden = Q(total__isnull=True, ratio__isnull=True, median__isnull=True)
    Figure.objects.filter(hidden).exclude(few).update(reasons=["differencing"])
    uncertain = Q(total__isnull=True, ratio__isnull=True, median__isnull=False)
    Figure.objects.filter(uncertain).exclude(few).update(reasons=None)


class Migration(migrations.Migration):

    dependencies = [
        ('federation', '0004_one_open_link_share'),
    ]

    operations = [
        migrations.CreateModel(
            name='Region',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=80, verbose_name='nombre')),
                ('slug', models.SlugField(max_length=80)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'verbose_name': 'región',
                'verbose_name_plural': 'regiones',
                'ordering': ['name', 'id'],
            },
        ),
        migrations.RemoveConstraint(
            model_name='figure',
            name='one_figure_per_period',
        ),
        migrations.AddField(
            model_name='figure',
            name='reasons',
            field=models.JSONField(blank=True, default=list, null=True),
        ),
        migrations.AddField(
            model_name='region',
            name='federation',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='regions', to='federation.federation'),
        ),
        migrations.AddField(
            model_name='figure',
            name='region',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='figures', to='federation.region'),
        ),
        migrations.AddField(
            model_name='member',
            name='region',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='members', to='federation.region', verbose_name='región'),
        ),
        migrations.AddConstraint(
            model_name='figure',
            constraint=models.UniqueConstraint(condition=models.Q(('region__isnull', True)), fields=('federation', 'template_slug', 'period'), name='one_figure_per_period'),
        ),
        migrations.AddConstraint(
            model_name='figure',
            constraint=models.UniqueConstraint(condition=models.Q(('region__isnull', False)), fields=('region', 'template_slug', 'period'), name='one_region_figure_per_period'),
        ),
        migrations.AddConstraint(
            model_name='region',
            constraint=models.UniqueConstraint(fields=('federation', 'slug'), name='one_region_per_slug'),
        ),
        migrations.RunPython(certain_reasons, migrations.RunPython.noop),
    ]
