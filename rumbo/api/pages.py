"""The admin's page for API keys: create one (shown once), see what each did and when, revoke; and the API's guide."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rumbo.accounts.access import area_label, coop_view
from rumbo.accounts.areas import Area
from rumbo.accounts.models import Role
from rumbo.accounts.requests import CoopRequest
from rumbo.api.guide import operations
from rumbo.api.models import ApiActivity, ApiToken, KeyLanguage
from rumbo.api.services import token_create, token_revoke

ACTIVITY_SHOWN = 100


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nombre (qué sistema la usará)"), max_length=100)
    can_write = forms.BooleanField(label=gettext_lazy("Puede registrar valores"), required=False)
    areas = forms.MultipleChoiceField(
        label=gettext_lazy("Áreas que puede cambiar"),
        choices=Area.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Como un editor: ninguna marcada = todas."),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Idioma de sus respuestas"), choices=KeyLanguage.choices, required=False
    )


@coop_view(Role.ADMIN)
def tokens(request: CoopRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = token_create(coop=request.coop, user=request.user, **form.cleaned_data)
        except ValidationError as err:
            form.add_error(None, err)
    rows = [(t, ", ".join(area_label(a) for a in t.areas)) for t in ApiToken.objects.filter(cooperative=request.coop)]
    context = {"form": form, "tokens": rows, "new_key": new_key}
    return render(request, "api/tokens.html", context, status=400 if form.errors else 200)


@coop_view(Role.ADMIN)
def token_activity(request: CoopRequest, pk: int) -> HttpResponse:
    """What one key asked to change, newest first: when, what, and how it ended."""
    token = get_object_or_404(ApiToken, cooperative=request.coop, pk=pk)
    activity = ApiActivity.objects.filter(token=token)[:ACTIVITY_SHOWN]
    return render(request, "api/token_activity.html", {"token": token, "activity": activity})


@coop_view(Role.ADMIN)
@require_POST
def token_remove(request: CoopRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, cooperative=request.coop, pk=pk)
    token_revoke(token=token)
    messages.success(request, _("La clave «%(name)s» ya no sirve.") % {"name": token.name})
    return redirect("api_tokens", coop_slug=request.coop.slug)


def guide(request: HttpRequest) -> HttpResponse:
    """The API's guide, read from its own OpenAPI document: every operation, its parameters, body and answers."""
    return render(request, "api/guide.html", operations())
