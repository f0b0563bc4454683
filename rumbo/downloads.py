"""A file handed to the browser as a download (exports, reports, kept uploads): an attachment, never cached."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
    """`data` to save as `filename`; a cooperative's figures stay out of shared caches."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response
