"""The demo's three people each get this week's digest (console back-end), with what they should see and nothing more."""

from rumbo.demo import load_demo
from rumbo.demo.catalog import OBJECTIVES
from rumbo.reports.services.digest import digest_send


def test_each_demo_login_gets_the_digest_it_should(db, mailoutbox):
    logins = load_demo()
    result = digest_send()
    assert (result.sent, result.errors) == (3, [])
    bodies = {m.to[0]: m.body for m in mailoutbox}
    assert set(bodies) == {login.email for login in logins}
    for body in bodies.values():
        assert "Así va Cooperativa Café del Sur en la semana del " in body and "/c/cafe-del-sur/" in body
        assert all(title in body for _, title, _, _ in OBJECTIVES)
        assert "OKR · Trimestre" in body and "Abrir el mercado de café tostado en la capital" in body
    manager, seller, council = (bodies[login.email] for login in logins)
    assert "Nada pendiente: todos sus valores y seguimientos están al día." in manager
    assert "Seguimiento de «Llamadas a clientes por día»" in seller  # the sales editor owes this week's check-ins
    assert "/c/cafe-del-sur/actualizaciones/" in seller
    assert "LO QUE LE TOCA" not in council and "/actualizaciones/" not in council  # the viewer owes nothing
    assert digest_send().sent == 0  # the same week again: nothing
