"""Signing in: an address is the same whatever its case, and guessing is limited per person and per address.

django-axes counts failed sign-ins. Its own rule locks a username at one IP address after
AXES_FAILURE_LIMIT failures; one IP address trying many accounts a few times each got round
that, so the handler here also locks the IP address itself after RUMBO_LOGIN_FAILURES_PER_IP
failures, whatever the accounts tried.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Sum
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from rumbo.accounts.models import normalised_email


def axes_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The username django-axes counts failures for: normalised, so a change of case is the same account."""
    if credentials and settings.AXES_USERNAME_FORM_FIELD in credentials:
        return normalised_email(credentials[settings.AXES_USERNAME_FORM_FIELD])
    data = getattr(request, "data", None) or getattr(request, "POST", {})
    return normalised_email(data.get(settings.AXES_USERNAME_FORM_FIELD))


class LoginForm(AuthenticationForm):
    """Django's sign-in form, asking for what one signs in with: the e-mail address (the username field holds it)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("El correo electrónico o la contraseña no son correctos."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Correo electrónico")
        self.fields["username"].widget.attrs.update({"autocomplete": "email", "inputmode": "email"})

    def clean_username(self) -> str:
        return normalised_email(self.cleaned_data.get("username"))


class PersonAndAddressHandler(AxesDatabaseHandler):
    """Failures of a username at an IP address (AXES_LOCKOUT_PARAMETERS' first entry) and of the IP address alone (its second)."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        person, *address = [self._sum(attempts) for attempts in self.get_user_attempts(request, credentials)]
        if address and address[0] >= settings.RUMBO_LOGIN_FAILURES_PER_IP:
            return max(person, get_failure_limit(request, credentials))
        return person

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        # A right password clears that person's own failures only, not those of every account tried from the address.
        person = self.filter_user_attempts(request, credentials)[0]
        count, _ = person.delete()
        return count

    @staticmethod
    def _sum(attempts) -> int:
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
