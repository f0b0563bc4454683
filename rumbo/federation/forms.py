"""The forms of the federation's pages: inviting a cooperative, a member key, k, and the member's answers and consent."""

import re
from urllib.parse import urlsplit

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


LOCAL_HOSTS = ("127.0.0.1", "localhost")


class LinkForm(forms.Form):
    """A federation on another Rumbo: its address and the member key it gave this cooperative."""

    url = forms.URLField(
        label=_("Dirección de la federación"),
        max_length=300,
        assume_scheme="https",
        help_text=_("La de su Rumbo, por ejemplo https://red.ejemplo.org."),
    )
    key = forms.CharField(
        label=_("Clave de miembro"),
        max_length=100,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("La que la federación le dio, empieza por «rfm_». No se vuelve a mostrar."),
    )

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        parts = urlsplit(url)
        if parts.scheme != "https" and not (parts.scheme == "http" and parts.hostname in LOCAL_HOSTS):
            raise forms.ValidationError(_("La dirección debe empezar por https://: los envíos van cifrados."))
        return url

    def clean_key(self) -> str:
        key = self.cleaned_data["key"].strip()
        if not re.fullmatch(r"rfm_[A-Za-z0-9_-]{20,96}", key):
            raise forms.ValidationError(_("Esa no es una clave de miembro de una federación (empieza por «rfm_»)."))
        return key


class LinkChoiceForm(forms.Form):
    """A link named by a button's form («Enviar ahora»)."""

    link = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class LinkShareForm(LinkChoiceForm):
    kpi = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    action = forms.ChoiceField(
        choices=[("share", _("Compartir")), ("stop", _("Dejar de compartir"))], widget=forms.HiddenInput
    )


class RegionForm(forms.Form):
    name = forms.CharField(
        label=_("Nombre de la región"),
        max_length=80,
        help_text=_(
            "Por ejemplo «Norte» o «Valle alto». La red publica también las cifras de cada región, con las mismas "
            "reglas: de una región con pocas cooperativas solo se publica cuántas envían su cifra."
        ),
    )


class RegionChoiceForm(forms.Form):
    """A region named by a button's form (renamed, deleted)."""

    region = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class RegionRenameForm(RegionChoiceForm):
    name = forms.CharField(label=_("Nuevo nombre"), max_length=80)


class MemberRegionForm(MemberChoiceForm):
    """A member's region, chosen from the federation's list; empty for none."""

    region = forms.IntegerField(min_value=1, required=False)
