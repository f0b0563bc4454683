"""The site's 500 page: a plain template rendered without the request, so it works when the database does not."""

import logging

from django.http import HttpRequest, HttpResponseServerError
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def server_error(request: HttpRequest) -> HttpResponseServerError:
    """No context processors, no session, no user: nothing here may need what may have just failed."""
    try:
        body = loader.get_template("500.html").render({})
    except Exception:  # the last resort must answer whatever broke the template
        logger.exception("the 500 page could not be rendered")
        body = f'<!doctype html><title>Rumbo</title><h1>{_("Algo falló en Rumbo")}</h1><p><a href="/">{_("Volver al inicio")}</a></p>'
    return HttpResponseServerError(body)
