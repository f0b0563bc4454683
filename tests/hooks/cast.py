"""A paused webhook of cooperative A for the shared cast, with one failed delivery (the URL walks open its page)."""


def add_webhooks(cast) -> None:
    from rumbo.hooks.models import Delivery, Webhook

    cast.webhook = Webhook.objects.create(
        cooperative=cast.coop,
        url="https://erp.example.org/rumbo",
        events=["value.arrived", "kpi.status_changed", "check_in.due"],
        active=False,  # paused: nothing the other tests write is sent anywhere
        created_by=cast.admin,
    )
    Delivery.objects.create(
        webhook=cast.webhook,
        event="ping",
        payload={"event": "ping"},
        status="failed",
        attempts=6,
        response_code=500,
        error="El servidor respondió con un error",
    )
