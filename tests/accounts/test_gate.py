"""The gate every signed-in page passes (rumbo/accounts/gate.py): the same session, person and memberships as Django's
ORM would read, in plain SQL, with the same rules on who gets in."""

import importlib
from types import SimpleNamespace

from django.apps import apps
from django.db import connection
from django.urls import reverse

from rumbo.accounts.gate import PersonBackend, memberships_at_gate, memberships_of
from rumbo.accounts.models import Membership, User
from rumbo.orgs.models import Cooperative

UPGRADE = importlib.import_module("rumbo.accounts.migrations.0004_sessions_name_the_person_backend")


def _fields(instance) -> dict:
    return {name: value for name, value in vars(instance).items() if not name.startswith("_")}


def test_memberships_are_the_orms_in_the_menus_order(cast):
    person = cast.editor
    for name, areas in (("Zafra", []), ("Abejas", ["finanzas"])):
        coop = Cooperative.objects.create(name=name, slug=name.lower())
        Membership.objects.create(user=person, cooperative=coop, role="viewer", areas=areas)
    orm = list(Membership.objects.select_related("cooperative").filter(user=person))
    read = memberships_of(person.pk)
    assert [(_fields(m), _fields(m.cooperative)) for m in read] == [(_fields(m), _fields(m.cooperative)) for m in orm]
    assert (read[0].cooperative.name, read[-1].cooperative.name) == ("Abejas", "Zafra")
    assert read[0].areas == ["finanzas"]
    assert read[0].created_at.tzinfo is not None


def test_the_person_is_read_with_their_memberships_which_serve_once(cast):
    person = PersonBackend().get_user(cast.viewer.pk)
    read = memberships_at_gate(person)
    assert [m.pk for m in read] == [m.pk for m in memberships_of(cast.viewer.pk)] != []
    Membership.objects.filter(user=cast.viewer).delete()
    assert memberships_at_gate(person) == []  # read again: what the request changed shows


def test_each_cooperative_comes_with_the_newest_edition_of_its_data(cast, django_assert_num_queries):
    from rumbo.orgs import editions
    from rumbo.orgs.models import Edition

    quiet = Cooperative.objects.create(name="Sin cambios", slug="sin-cambios")
    Membership.objects.create(user=cast.viewer, cooperative=quiet, role="viewer")
    Edition.objects.filter(cooperative_id=quiet.pk).delete()  # no edition yet
    editions.renew([cast.coop.pk])
    newest, elsewhere = editions.current(cast.coop.pk), Cooperative.objects.get(pk=cast.coop.pk)
    read = {m.cooperative.slug: m.cooperative for m in memberships_of(cast.viewer.pk)}
    with django_assert_num_queries(0):  # read with the memberships
        assert editions.read_at_gate(read["coop-a"]) == newest is not None
        assert editions.read_at_gate(read["sin-cambios"]) is None
    with django_assert_num_queries(1):  # a cooperative read another way: asked now
        assert editions.read_at_gate(elsewhere) == newest


def test_a_person_in_no_cooperative_has_no_memberships(cast):
    person = User.objects.create_user("sola", email="sola@example.org", password="clave-de-prueba-1")
    assert memberships_at_gate(PersonBackend().get_user(person.pk)) == [] == memberships_of(person.pk)


def test_the_person_is_the_orms_and_a_deactivated_one_is_nobody(cast):
    person = cast.viewer
    assert _fields(PersonBackend().get_user(person.pk)) == _fields(User.objects.get(pk=person.pk))
    User.objects.filter(pk=person.pk).update(is_active=False)
    assert PersonBackend().get_user(person.pk) is None
    assert PersonBackend().get_user(10**9) is None


def test_a_deactivated_person_is_sent_to_sign_in(as_viewer, cast):
    board = reverse("kpis:board", args=[cast.coop.slug])
    assert as_viewer.get(board).status_code == 200
    User.objects.filter(pk=cast.viewer.pk).update(is_active=False)
    response = as_viewer.get(board)
    assert response.status_code == 302 and "/cuenta/entrar/" in response["Location"]


def test_a_password_changed_elsewhere_signs_this_browser_out(as_viewer, cast):
    board = reverse("kpis:board", args=[cast.coop.slug])
    assert as_viewer.get(board).status_code == 200
    cast.viewer.set_password("otra-clave-muy-larga-9")
    cast.viewer.save()
    assert as_viewer.get(board).status_code == 302


def test_a_session_from_before_the_upgrade_stays_signed_in(client, cast):
    board = reverse("kpis:board", args=[cast.coop.slug])
    client.force_login(cast.viewer, backend=UPGRADE.DJANGO)  # as Django's ModelBackend signed people in
    assert client.get(board).status_code == 302  # the backend it names is gone
    upgrade = SimpleNamespace(connection=connection)  # what the migration reads of its schema editor
    UPGRADE.forwards(apps, upgrade)
    assert client.get(board).status_code == 200
    UPGRADE.backwards(apps, upgrade)
    assert client.get(board).status_code == 302
