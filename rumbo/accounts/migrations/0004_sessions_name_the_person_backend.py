"""People signed in before this release stay signed in: their sessions name the backend that now reads them.

Django keeps, in each session, the path of the authentication backend that signed the person in, and
signs them out when that path is no longer configured. Django's ModelBackend became
rumbo.accounts.gate.PersonBackend, the same backend reading the person in plain SQL.
"""

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import migrations

DJANGO = "django.contrib.auth.backends.ModelBackend"
RUMBO = "rumbo.accounts.gate.PersonBackend"


def _rename(apps, schema_editor, old, new):
    Session = apps.get_model("sessions", "Session")
    store = SessionStore()  # only its signing: the same salt as rumbo.accounts.gate.SessionStore
    for session in Session.objects.using(schema_editor.connection.alias).iterator():
        data = store.decode(session.session_data)  # {} for a session it cannot read: left as it is
        if data.get(BACKEND_SESSION_KEY) == old:
            data[BACKEND_SESSION_KEY] = new
            session.session_data = store.encode(data)
            session.save(update_fields=["session_data"])


def forwards(apps, schema_editor):
    _rename(apps, schema_editor, DJANGO, RUMBO)


def backwards(apps, schema_editor):
    _rename(apps, schema_editor, RUMBO, DJANGO)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_invitations_wait_for_their_answer"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
