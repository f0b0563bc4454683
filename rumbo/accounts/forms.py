"""Forms about people: invitations, roles, preferences."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rumbo.accounts.areas import Area
from rumbo.accounts.models import Role, User


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Correo electrónico"))
    first_name = forms.CharField(
        label=_("Nombre"),
        required=False,
        max_length=150,
        help_text=_("Para quien entra a Rumbo por primera vez; quien ya tiene cuenta conserva su nombre."),
    )
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices, initial=Role.VIEWER)
    areas = forms.MultipleChoiceField(
        label=_("Áreas que edita"),
        choices=Area.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Solo para el rol de edición; ninguna marcada = todas."),
    )


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices)
    areas = forms.MultipleChoiceField(
        label=_("Áreas que edita"), choices=Area.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "language", "digest_opt_in"]
