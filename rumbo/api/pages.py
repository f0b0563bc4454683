"""The admin's page for API keys: create one (shown once), see when each was last used, revoke."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rumbo.accounts.access import coop_view
from rumbo.accounts.models import Role
from rumbo.accounts.requests import CoopRequest
from rumbo.api.models import ApiToken
from rumbo.api.services import token_create, token_revoke


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nombre (qué sistema la usará)"), max_length=100)
    can_write = forms.BooleanField(label=gettext_lazy("Puede registrar valores"), required=False)


@coop_view(Role.ADMIN)
def tokens(request: CoopRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = token_create(coop=request.coop, user=request.user, **form.cleaned_data)
        except ValidationError as err:
            form.add_error("name", err.messages)
    context = {"form": form, "tokens": ApiToken.objects.filter(cooperative=request.coop), "new_key": new_key}
    return render(request, "api/tokens.html", context, status=400 if form.errors else 200)


@coop_view(Role.ADMIN)
@require_POST
def token_remove(request: CoopRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, cooperative=request.coop, pk=pk)
    token_revoke(token=token)
    messages.success(request, _("La clave «%(name)s» ya no sirve.") % {"name": token.name})
    return redirect("api_tokens", coop_slug=request.coop.slug)
