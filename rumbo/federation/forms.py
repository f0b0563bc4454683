"""The forms of the federation's pages: inviting a cooperative, a member key, k, and the member's answers and consent."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rumbo.federation.models import MIN_CONTRIBUTORS


class InviteForm(forms.Form):
    cooperative = forms.SlugField(
        label=_("Identificador de la cooperativa"),
        max_length=60,
        help_text=_(
            "El que aparece en sus direcciones de Rumbo, por ejemplo «cafe-del-sur» en /c/cafe-del-sur/. "
            "Su administración acepta o rechaza la invitación."
        ),
    )


class MemberKeyForm(forms.Form):
    name = forms.CharField(
        label=_("Nombre de la cooperativa miembro"),
        max_length=200,
        help_text=_(
            "Para una cooperativa con su propio Rumbo. La clave se muestra una sola vez; con el mismo nombre, "
            "una clave nueva reemplaza a la anterior."
        ),
    )


class SettingsForm(forms.Form):
    min_contributors = forms.IntegerField(
        label=_("Mínimo de cooperativas detrás de cada cifra publicada"),
        min_value=MIN_CONTRIBUTORS,
        max_value=1000,
        help_text=_("Ninguna cifra de la red se publica con menos cooperativas; nunca menos de 3."),
    )


class MemberChoiceForm(forms.Form):
    """A member row named by a button's form (an invitation answered, a member leaving)."""

    member = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class AnswerForm(MemberChoiceForm):
    answer = forms.ChoiceField(choices=[("accept", _("Aceptar")), ("decline", _("Rechazar"))], widget=forms.HiddenInput)


class ShareForm(MemberChoiceForm):
    kpi = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    action = forms.ChoiceField(
        choices=[("share", _("Compartir")), ("stop", _("Dejar de compartir"))], widget=forms.HiddenInput
    )
