"""«¿Olvidó su contraseña?»: a few requests an hour per address and per IP address, and one neutral answer.

The answer never says whether an account has the address. The counts live in the
«throttle» cache, a folder of files that every server process of the machine shares.
"""

import hashlib
import time

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import views as auth
from django.core.cache import caches
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rumbo.accounts.models import normalised_email
from rumbo.accounts.services import invitations_accept_on_first_password

WINDOW_SECONDS = 3600


def within_limit(scope: str, key: str, *, limit: int, window: int = WINDOW_SECONDS) -> bool:
    """Count one more request for `key` in this window; False (and nothing counted) once `limit` are in."""
    cache = caches["throttle"]
    name = f"{scope}:{hashlib.sha256(key.encode()).hexdigest()}"  # no address written to disk as it is
    now = time.time()
    count, started = cache.get(name) or (0, now)
    if now - started >= window:
        count, started = 0, now
    if count >= limit:
        return False
    cache.set(name, (count + 1, started), timeout=max(1, int(started + window - now)))
    return True


class PasswordResetView(auth.PasswordResetView):
    template_name = "accounts/form_page.html"
    email_template_name = "accounts/reset_email.txt"
    subject_template_name = "accounts/reset_subject.txt"

    def form_valid(self, form):
        ip = get_client_ip_address(self.request) or "?"
        address = normalised_email(form.cleaned_data["email"])
        if not (
            within_limit("reset-ip", ip, limit=settings.RUMBO_PASSWORD_RESETS_PER_IP)
            and within_limit("reset-address", address, limit=settings.RUMBO_PASSWORD_RESETS_PER_ADDRESS)
        ):
            form.add_error(
                None, _("Demasiados pedidos para cambiar la contraseña. Vuelva a intentarlo dentro de una hora.")
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


class PasswordResetDoneView(auth.PasswordResetDoneView):
    template_name = "accounts/message.html"
    extra_context = {
        "message": gettext_lazy(
            "Si hay una cuenta con esa dirección, le enviamos un correo con un enlace para elegir una contraseña nueva. "
            "Revise también la carpeta de correo no deseado."
        ),
    }


class PasswordResetConfirmView(auth.PasswordResetConfirmView):
    """Choosing a password; a person's first one, chosen through an invitation's e-mail, accepts that invitation."""

    template_name = "accounts/form_page.html"

    def form_valid(self, form):
        user = self.user
        assert user is not None, "a valid link names its user"
        first_password = not user.has_usable_password()
        with transaction.atomic():
            response = super().form_valid(form)
            if first_password:
                invitations_accept_on_first_password(user=user)
        return response
