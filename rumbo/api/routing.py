"""The one router every route is added to: a path read and changed (GET and POST on `…/kpis`) must be one URL."""

from ninja import Router

router = Router()
