"""The admin's webhooks page: list and create, change, pause, delete, send a test, show the secret, recent deliveries."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rumbo.accounts.access import coop_view
from rumbo.accounts.models import Role
from rumbo.accounts.requests import CoopRequest
from rumbo.form_errors import apply_errors
from rumbo.hooks import selectors
from rumbo.hooks.forms import WebhookForm
from rumbo.hooks.models import Webhook
from rumbo.hooks.services.webhooks import (
    webhook_create,
    webhook_delete,
    webhook_ping,
    webhook_secret_renew,
    webhook_set_active,
    webhook_update,
)


def _webhook(request: CoopRequest, pk: int) -> Webhook:
    return get_object_or_404(Webhook, cooperative=request.coop, pk=pk)


@coop_view(Role.ADMIN)
def webhooks(request: CoopRequest) -> HttpResponse:
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            webhook = webhook_create(coop=request.coop, user=request.user, **form.cleaned_data)
        except ValidationError as err:
            apply_errors(form, err)
        else:
            return _detail(request, webhook, secret_shown=True)
    context = {"form": form, "webhooks": selectors.webhooks_of(request.coop)}
    return render(request, "hooks/webhooks.html", context, status=400 if form.errors else 200)


def _detail(
    request: CoopRequest,
    webhook: Webhook,
    *,
    form: WebhookForm | None = None,
    secret_shown: bool = False,
    status: int = 200,
) -> HttpResponse:
    form = form or WebhookForm(initial={"url": webhook.url, "events": webhook.events})
    context = {
        "webhook": webhook,
        "form": form,
        "deliveries": selectors.recent_deliveries(webhook),
        "secret_shown": secret_shown,
    }
    return render(request, "hooks/webhook.html", context, status=status)


@coop_view(Role.ADMIN)
def webhook_detail(request: CoopRequest, pk: int) -> HttpResponse:
    webhook = _webhook(request, pk)
    if request.method != "POST":
        return _detail(request, webhook)
    form = WebhookForm(request.POST)
    if form.is_valid():
        try:
            webhook_update(webhook=webhook, **form.cleaned_data)
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("Webhook guardado."))
            return redirect("hooks:webhook", coop_slug=request.coop.slug, pk=webhook.pk)
    webhook.refresh_from_db()
    return _detail(request, webhook, form=form, status=400)


@coop_view(Role.ADMIN)
@require_POST
def webhook_secret(request: CoopRequest, pk: int) -> HttpResponse:
    webhook = _webhook(request, pk)
    if request.POST.get("renew"):
        webhook_secret_renew(webhook=webhook)
    return _detail(request, webhook, secret_shown=True)


@coop_view(Role.ADMIN)
@require_POST
def webhook_pause(request: CoopRequest, pk: int) -> HttpResponse:
    webhook = webhook_set_active(webhook=_webhook(request, pk), active=request.POST.get("active") == "1")
    messages.success(request, _("Webhook activo.") if webhook.active else _("Webhook en pausa: no recibe avisos."))
    return redirect("hooks:webhook", coop_slug=request.coop.slug, pk=webhook.pk)


@coop_view(Role.ADMIN)
@require_POST
def webhook_test(request: CoopRequest, pk: int) -> HttpResponse:
    webhook = _webhook(request, pk)
    webhook_ping(webhook=webhook)
    messages.success(request, _("Prueba enviada: su resultado aparece en las entregas."))
    return redirect("hooks:webhook", coop_slug=request.coop.slug, pk=webhook.pk)


@coop_view(Role.ADMIN)
@require_POST
def webhook_remove(request: CoopRequest, pk: int) -> HttpResponse:
    webhook = _webhook(request, pk)
    webhook_delete(webhook=webhook)
    messages.success(request, _("Webhook borrado: %(url)s ya no recibe avisos.") % {"url": webhook.url})
    return redirect("hooks:webhooks", coop_slug=request.coop.slug)
