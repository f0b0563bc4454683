"""`rumbo digest`'s service: one e-mail per person and cooperative a week, with what changed and what they owe."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from rumbo.accounts.models import Membership
from rumbo.kpis.models import Measurement, Target
from rumbo.reports.models import DigestSent
from rumbo.reports.services.digest import digest_send
from tests.factories import make_kpi


def mail_to(mailoutbox, user):
    found = [m for m in mailoutbox if m.to == [user.email]]
    assert len(found) == 1, f"{user.email} got {len(found)} e-mails"
    return found[0]


def html_of(message) -> str:
    ((content, kind),) = message.alternatives
    assert kind == "text/html"
    return content


def test_each_member_who_asked_gets_one_email_about_the_cooperative_with_text_and_html(cast, mailoutbox):
    result = digest_send()
    assert result.sent == 4 and result.errors == []
    message = mail_to(mailoutbox, cast.viewer)
    assert message.subject.startswith("Cooperativa A: resumen de la semana del ")
    assert "Crecer en ventas directas" in message.body and "Crecer en ventas directas" in html_of(message)
    assert "http://127.0.0.1:8000/c/coop-a/" in message.body


def test_the_editor_is_told_which_values_and_check_ins_they_owe_with_a_link_to_mis_actualizaciones(
    cast, mailoutbox, settings
):
    settings.SITE_URL = "https://rumbo.example.org"
    digest_send()
    body = mail_to(mailoutbox, cast.editor).body
    assert "Valor de «Ventas cerradas por mes» de " in body
    assert "Seguimiento de «Nuevos compradores» (Ampliar la venta directa)" in body
    assert "https://rumbo.example.org/c/coop-a/actualizaciones/" in body
    assert 'href="https://rumbo.example.org/c/coop-a/actualizaciones/"' in html_of(mail_to(mailoutbox, cast.editor))
    viewer = mail_to(mailoutbox, cast.viewer).body
    assert "Valor de «" not in viewer and "/actualizaciones/" not in viewer and "LO QUE LE TOCA" not in viewer


def test_someone_who_opted_out_gets_nothing(cast, mailoutbox):
    cast.viewer.digest_opt_in = False
    cast.viewer.save()
    digest_send()
    assert all(m.to != [cast.viewer.email] for m in mailoutbox)


def test_a_second_run_the_same_week_sends_nothing_and_the_next_week_sends_again(cast, mailoutbox):
    today = timezone.localdate()
    assert digest_send(today=today).sent == 4
    again = digest_send(today=today)
    assert (again.sent, again.already) == (0, 4) and len(mailoutbox) == 4
    monday = today - timedelta(days=today.weekday())
    assert set(DigestSent.objects.values_list("week", flat=True)) == {monday}
    assert digest_send(today=monday + timedelta(days=7)).sent == 4


def test_nobody_gets_another_cooperatives_data_and_someone_in_both_gets_two_emails(cast, mailoutbox):
    Membership.objects.create(user=cast.viewer, cooperative=cast.other_coop, role="viewer")
    digest_send()
    theirs = [m for m in mailoutbox if m.to == [cast.outsider.email]]
    assert len(theirs) == 1 and "Cooperativa B" in theirs[0].subject
    for message in mailoutbox:
        text = message.body + html_of(message)
        if "Cooperativa B" in message.subject:
            assert "Cooperativa A" not in text and "Ventas cerradas" not in text and "Ampliar la venta" not in text
        else:
            assert "Cooperativa B" not in text and cast.other_kpi.name not in text
    assert len([m for m in mailoutbox if m.to == [cast.viewer.email]]) == 2


def test_kpis_that_went_off_track_or_came_back_this_week_are_named(cast, mailoutbox):
    today = timezone.localdate()
    worse, better = (
        make_kpi(cast.coop, slug, name, frequency="day", aggregation="sum", unit=slug, objective=cast.objective)
        for slug, name in (("llamadas", "Llamadas del día"), ("visitas", "Visitas del día"))
    )
    for kpi, (early, late) in ((worse, (20, 5)), (better, (5, 20))):
        for day, value in ((today - timedelta(days=9), early), (today - timedelta(days=1), late)):
            Target.objects.create(kpi=kpi, start=day, end=day, value=20)
            Measurement.objects.create(kpi=kpi, period=day, value=Decimal(value))
    digest_send(today=today)
    body = mail_to(mailoutbox, cast.admin).body
    went_off = body.split("Se salieron de rumbo:")[1].split("\n\n")[0]
    came_back = body.split("Volvieron al buen rumbo:")[1].split("\n\n")[0]
    assert "Llamadas del día: 5 llamadas" in went_off and "Visitas del día" not in went_off
    assert "Visitas del día: 20 visitas" in came_back


def test_the_email_is_in_the_persons_language(cast, mailoutbox):
    cast.admin.language = "en"
    cast.admin.save()
    digest_send()
    body = mail_to(mailoutbox, cast.admin).body
    assert "Crecer en ventas directas:" in body and ("indicator" in body or "On track" in body or "At risk" in body)
    assert "Va por buen rumbo" not in body and "En riesgo" not in body.split("OKR")[0]


class Broken:
    """A mail server that is down."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("conexión rechazada")


@pytest.mark.django_db
def test_an_email_that_could_not_go_is_tried_again_next_run(cast, mailoutbox):
    failed = digest_send(connection=Broken())
    assert failed.sent == 0 and len(failed.errors) == 4 and not DigestSent.objects.exists()
    assert digest_send().sent == 4
