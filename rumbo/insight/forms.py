"""Forms of the insight app: which lagging KPI a leading one is checked against, which KPIs an initiative moves."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy

from rumbo.insight import selectors
from rumbo.kpis.models import Kpi


class LeadPairForm(forms.Form):
    lagging = forms.ModelChoiceField(
        queryset=Kpi.objects.none(),
        required=False,
        label=gettext_lazy("Compararlo con"),
        empty_label=gettext_lazy("El primer retrospectivo de su objetivo"),
        help_text=gettext_lazy(
            "El resultado que este indicador debería anticipar; solo los que se miden con la misma frecuencia."
        ),
    )

    def __init__(self, *args, kpi: Kpi, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["lagging"]).queryset = selectors.lagging_candidates(kpi)


class InitiativeKpiForm(forms.Form):
    kpi = forms.ModelChoiceField(
        queryset=Kpi.objects.none(),
        label=gettext_lazy("Indicador que quiere mover"),
        help_text=gettext_lazy(
            "Por ejemplo, las ventas para una campaña de ventas: se compara antes y después de su inicio."
        ),
    )

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["kpi"]).queryset = selectors.kpis_to_watch(initiative)
