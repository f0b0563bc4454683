"""The federation's pages (members, regions, figures) and a cooperative's networks (invitations, consent), under /c/<slug>/."""

from django.urls import path

from rumbo.federation.views import membership, network, regions

app_name = "federation"
urlpatterns = [
    # The federation's side.
    path("red/miembros/", network.members, name="members"),
    path("red/miembros/invitar/", network.member_invite_view, name="member_invite"),
    path("red/miembros/clave/", network.member_key, name="member_key"),
    path("red/miembros/retirar/", network.member_remove, name="member_remove"),
    path("red/miembros/region/", regions.member_region, name="member_region"),
    path("red/regiones/nueva/", regions.region_add_view, name="region_add"),
    path("red/regiones/renombrar/", regions.region_rename_view, name="region_rename"),
    path("red/regiones/borrar/", regions.region_remove_view, name="region_remove"),
    path("red/ajustes/", network.settings_save, name="settings"),
    path("red/cifras/", network.figures_index, name="figures_index"),
    path("red/cifras/<slug:slug>/", network.figures, name="figures"),
    # The cooperative's side.
    path("redes/", membership.networks, name="networks"),
    path("redes/responder/", membership.invitation_answer, name="answer"),
    path("redes/salir/", membership.network_leave, name="leave"),
    path("redes/compartir/", membership.sharing, name="sharing"),
    path("redes/compartir/cambiar/", membership.share_change, name="share_change"),
    path("redes/enlazar/", membership.link_add, name="link_add"),
    path("redes/enlazar/enviar/", membership.link_push_now, name="link_push"),
]
