"""The bin's page: what an admin moved there, until when it can come back, and bringing it back."""

from datetime import datetime
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from rumbo.accounts.access import coop_view
from rumbo.accounts.models import Role
from rumbo.accounts.requests import CoopRequest
from rumbo.bin import selectors
from rumbo.bin.registry import kind, kinds
from rumbo.bin.services import bin_restore, restorable_until


@coop_view(Role.ADMIN)
@require_safe
def trash(request: CoopRequest) -> HttpResponse:
    sections = [
        (
            found,
            f"bin:{found.key}",
            [
                (row, found.note(row) if found.note else "", restorable_until(cast(datetime, row.deleted_at)))
                for row in selectors.binned_of(request.coop, found)
            ],
        )
        for found in kinds()
    ]
    return render(request, "bin/trash.html", {"sections": sections, "days": settings.RUMBO_TRASH_DAYS})


@coop_view(Role.ADMIN)
@require_POST
def restore(request: CoopRequest, pk: int, kind_key: str) -> HttpResponse:
    found = kind(kind_key)
    row = selectors.binned_get(request.coop, kind_key, pk)
    try:
        moved = bin_restore(row=row, user=request.user, membership=request.membership)
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
    else:
        messages.success(request, found.restored(row))
        for other in moved.along:
            if found.along_note is not None:
                messages.info(request, found.along_note(other))
    return redirect(found.return_to, coop_slug=request.coop.slug)
