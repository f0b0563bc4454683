"""What a federation keeps: its members, their consent per KPI, their contributions and the published figures.

A federation is an organisation (`orgs.Cooperative` of kind "federation"), so its people, board,
KPIs, objectives, OKRs and PDF are the existing ones. What this app adds:

- `Federation`: the organisation's network settings (k, the fewest contributors a figure rests on).
- `Region`: a part of the network its admins define («Norte», «Costa»); figures are published for
  each region as well as for the whole network.
- `Member`: a cooperative that belongs to it, on this install (`cooperative` set) or on its own
  Rumbo (`key_hash` set: it pushes with a member key), in at most one region.
- `Share`: on the member's side, its consent to share one KPI with one federation.
- `Contribution`: on the federation's side, the one number (or a ratio's two parts) a member sent
  for one template and period. This is everything the federation keeps of a member's figures.
- `Figure`: the published statistics after disclosure control, of the network or of one region; a
  suppressed cell is null and says why.
- `PublishedSet`: which members each published total rested on (ids, never values), kept for good so that
  no later publication can be subtracted from an earlier one.

Every row reaches a cooperative for the page editions (orgs/editions.py): the federation's
organisation through `cooperative_via`, or the member cooperative through its `cooperative`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from rumbo.kpis.fields import FigureField

MIN_CONTRIBUTORS = 3  # k is never below this (the statistical offices' threshold rule)
DEFAULT_CONTRIBUTORS = 5


class Federation(models.Model):
    """A federation's network settings, one row per organisation of kind "federation".

    The design calls the organisation `organisation`; the field is named `cooperative`, as every
    row that belongs to an organisation names it (so page editions reach it), and `organisation`
    reads the same row.
    """

    cooperative = models.OneToOneField(
        "orgs.Cooperative", on_delete=models.CASCADE, related_name="federation", verbose_name=_("organización")
    )
    min_contributors = models.PositiveSmallIntegerField(
        _("mínimo de cooperativas por cifra"), default=DEFAULT_CONTRIBUTORS
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("federación")
        verbose_name_plural = _("federaciones")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_contributors__gte=MIN_CONTRIBUTORS), name="federation_k_at_least_3"
            )
        ]

    def __str__(self):
        return str(self.cooperative)

    @property
    def organisation(self):
        return self.cooperative

    @property
    def slug(self) -> str:
        return self.cooperative.slug


class Region(models.Model):
    """A part of a federation's network that its admins define, and put members in: figures are published for it too.

    A list the federation keeps, not a word typed on each member: «Norte» and «norte » are one region, a
    region can be renamed in one place, and the admins see how many members each has (a region with fewer
    than k shows nothing but its count). Deleting a region leaves its members in none.
    """

    cooperative_via = "federation"  # the path to the federation's organisation (orgs/editions.py)

    federation = models.ForeignKey(Federation, on_delete=models.CASCADE, related_name="regions")
    name = models.CharField(_("nombre"), max_length=80)
    slug = models.SlugField(max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("región")
        verbose_name_plural = _("regiones")
        constraints = [models.UniqueConstraint(fields=["federation", "slug"], name="one_region_per_slug")]

    def __str__(self):
        return self.name


class MemberStatus(models.TextChoices):
    INVITED = "invited", _("Invitada")
    ACTIVE = "active", _("Activa")
    LEFT = "left", _("Retirada")
    DECLINED = "declined", _("Rechazó la invitación")


class Member(models.Model):
    """A cooperative in a federation: on this install (`cooperative`) or on its own Rumbo (`key_hash`).

    `name` is what the federation's admins see. A cooperative of this install has at most one row
    per federation: leaving and being invited again reuses it. A remote member's key is shown once
    when issued; only its SHA-256 is kept. Its edition is the federation's; the services renew the
    member cooperative's too. `declined` is a status beside the design's three: the invitation
    was refused (the row stays so the federation's admins see the answer).
    """

    cooperative_via = "federation"  # the path to the federation's organisation (orgs/editions.py)

    federation = models.ForeignKey(Federation, on_delete=models.CASCADE, related_name="members")
    cooperative = models.ForeignKey(
        "orgs.Cooperative", on_delete=models.CASCADE, null=True, blank=True, related_name="federation_memberships"
    )
    name = models.CharField(_("nombre"), max_length=200)
    status = models.CharField(_("estado"), max_length=10, choices=MemberStatus.choices, default=MemberStatus.INVITED)
    key_hash = models.CharField(max_length=64, blank=True)
    invited_at = models.DateTimeField(auto_now_add=True)
    joined_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.SET_NULL, null=True, blank=True, related_name="members", verbose_name=_("región")
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("miembro")
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "cooperative"],
                condition=models.Q(cooperative__isnull=False),
                name="one_member_per_coop",
            ),
            models.UniqueConstraint(fields=["key_hash"], condition=~models.Q(key_hash=""), name="one_member_per_key"),
        ]

    def __str__(self):
        return f"{self.federation} · {self.name}"

    @property
    def remote(self) -> bool:
        return self.cooperative_id is None


class Share(models.Model):
    """A cooperative's consent to share one KPI with one federation, from `started_at` until `stopped_at`.

    Kept on the member's side. On this install it names the `member` row; a share with a federation
    on another Rumbo names its `link` instead. One open share per member (or link) and KPI; stopping closes it (the row stays as the record of the consent), sharing
    again opens a new one.
    """

    cooperative = models.ForeignKey("orgs.Cooperative", on_delete=models.CASCADE, related_name="federation_shares")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, null=True, blank=True, related_name="shares")
    kpi = models.ForeignKey("kpis.Kpi", on_delete=models.CASCADE, related_name="federation_shares")
    started_at = models.DateTimeField(auto_now_add=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    link = models.ForeignKey(  # a federation on another Rumbo (defined below)
        "federation.RemoteLink", on_delete=models.CASCADE, null=True, blank=True, related_name="shares"
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("indicador compartido")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "kpi"], condition=models.Q(stopped_at__isnull=True), name="one_open_share"
            ),
            models.UniqueConstraint(
                fields=["link", "kpi"], condition=models.Q(stopped_at__isnull=True), name="one_open_link_share"
            ),
        ]

    def __str__(self):
        return f"{self.cooperative} → {self.member}: {self.kpi_id}"


class Contribution(models.Model):
    """One member's figure for one catalogue template and period, in the template's canonical unit.

    `value` always; `numerator` and `denominator` for a ratio, whose network figure is computed
    from the summed parts. Nothing else of the member is kept: no names, notes, people or files.
    """

    cooperative_via = "member.federation"  # the path to the federation's organisation (orgs/editions.py)

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="contributions")
    template_slug = models.CharField(max_length=80)
    period = models.DateField()
    value = FigureField(max_digits=20, decimal_places=6)
    numerator = FigureField(max_digits=20, decimal_places=6, null=True, blank=True)
    denominator = FigureField(max_digits=20, decimal_places=6, null=True, blank=True)
    unit = models.CharField(max_length=40, blank=True)
    received_at = models.DateTimeField()

    class Meta:
        ordering = ["template_slug", "period"]
        constraints = [
            models.UniqueConstraint(fields=["member", "template_slug", "period"], name="one_contribution_per_period")
        ]
        indexes = [models.Index(fields=["template_slug", "period"], name="contribution_template")]

    def __str__(self):
        return f"{self.member_id} {self.template_slug} {self.period}: {self.value}"


class Figure(models.Model):
    """The published statistics of one template and period over a federation's members, after disclosure control.

    Of the whole network (`region` null) or of one region; all of one template are published at once,
    so no two of them can be differenced. A null is a suppressed figure, and `reasons` says why, in the
    engine's words (`rumbo.engine.network.disclosure`): "threshold" (fewer than k contributors: only the
    count is shown), "dominance" or "p_percent" (the total is hidden: one or two contributors weigh too
    much in it), "differencing" (with the quartiles still shown, the total; otherwise every figure:
    another published figure would give a member's value away). `contributors` counts the members that
    sent a figure, `used` those the figures rest on (fewer when newcomers were left out until k of them
    can enter together; 0 when suppressed). `ratio` (beside the design's fields) is the network ratio
    computed from summed parts, for templates aggregated as a ratio. Minima and maxima are never kept.
    """

    cooperative_via = "federation"  # the path to the federation's organisation (orgs/editions.py)

    federation = models.ForeignKey(Federation, on_delete=models.CASCADE, related_name="figures")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, null=True, blank=True, related_name="figures")
    template_slug = models.CharField(max_length=80)
    period = models.DateField()
    contributors = models.PositiveIntegerField(default=0)
    used = models.PositiveIntegerField(default=0)
    # why something is suppressed, in the engine's words; null: published before the reasons were kept
    reasons = models.JSONField(default=list, null=True, blank=True)
    total = FigureField(max_digits=20, decimal_places=6, null=True, blank=True)
    ratio = FigureField(max_digits=20, decimal_places=6, null=True, blank=True)
    median = FigureField(max_digits=20, decimal_places=6, null=True, blank=True)
    p25 = FigureField(max_digits=20, decimal_places=6, null=True, blank=True)
    p75 = FigureField(max_digits=20, decimal_places=6, null=True, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["template_slug", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "template_slug", "period"],
                condition=models.Q(region__isnull=True),
                name="one_figure_per_period",
            ),
            models.UniqueConstraint(
                fields=["region", "template_slug", "period"],
                condition=models.Q(region__isnull=False),
                name="one_region_figure_per_period",
            ),
        ]

    def __str__(self):
        where = f" region {self.region_id}" if self.region_id else ""
        return f"{self.federation_id}{where} {self.template_slug} {self.period}: {self.contributors}"


class PublishedSet(models.Model):
    """The members a published total rested on, for one template and cell (period × the network or one region).

    Figures once published cannot be taken back: someone who kept yesterday's total over ten members and
    reads today's over nine has the tenth's value. Every distinct set a total (or a ratio) ever rested on is
    kept, and the next publication is checked against all of them (`rumbo.engine.network.disclosure.publish`,
    `shown_before`). Append-only: member ids only, never a value; a member removed, a region deleted or k
    changed leaves its rows (that is the point). `region_id` is the region's id when published, not a
    foreign key, so a deleted region's sets stay.
    """

    cooperative_via = "federation"  # the path to the federation's organisation (orgs/editions.py)

    federation = models.ForeignKey(Federation, on_delete=models.CASCADE, related_name="published_sets")
    template_slug = models.CharField(max_length=80)
    region_id = models.BigIntegerField(null=True, blank=True)  # None: the network's cell
    period = models.DateField()
    members = models.JSONField(default=list)  # the `Member` ids, sorted
    published_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["federation", "template_slug"], name="published_set_template")]

    def __str__(self):
        where = f" region {self.region_id}" if self.region_id else ""
        return f"{self.federation_id}{where} {self.template_slug} {self.period}: {len(self.members)} members"


# --- Remote members: the link from a member's install to a federation on another Rumbo, and the pushes received ---


class LinkStatus(models.TextChoices):
    NEW = "new", _("Sin enviar todavía")
    OK = "ok", _("Al día")
    RETRYING = "retrying", _("Reintentando")
    REFUSED = "refused", _("Rechazada por la federación")


class RemoteLink(models.Model):
    """On a member's install: a federation on another Rumbo that this cooperative pushes its shared KPIs to.

    `key` is the member key the federation issued, kept readable because every push is signed with
    it (as a webhook's secret is): whoever reads this database or a backup of it can push as this
    member, so it is shown to nobody after it is entered, and a new key replaces it. `pending` says
    a change has not reached the federation yet; the task retries with a growing wait and the
    worker's daily pass pushes every pending link again, so an install that was offline catches up.
    """

    cooperative = models.ForeignKey("orgs.Cooperative", on_delete=models.CASCADE, related_name="federation_links")
    url = models.URLField(_("dirección de la federación"), max_length=300)
    key = models.CharField(max_length=100)  # readable: each push is signed with it (see the docstring)
    federation_name = models.CharField(_("federación"), max_length=200, blank=True)  # as the federation answers
    status = models.CharField(_("estado"), max_length=10, choices=LinkStatus.choices, default=LinkStatus.NEW)
    pending = models.BooleanField(_("cambios por enviar"), default=True)
    attempts = models.PositiveSmallIntegerField(default=0)  # failed attempts since the last push that arrived
    last_push_at = models.DateTimeField(_("último envío recibido"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(_("último error"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("federación en otra instalación")
        constraints = [models.UniqueConstraint(fields=["cooperative", "url"], name="one_link_per_federation_url")]

    def __str__(self):
        return f"{self.cooperative_id} → {self.url}"


class RemoteBand(models.Model):
    """On a member's install: a band the federation published and answered a push with (never another member's figure).

    One row per template and period, the latest period of each push added to those before, so the
    KPI page can draw the band over time.
    """

    cooperative_via = "link"

    link = models.ForeignKey(RemoteLink, on_delete=models.CASCADE, related_name="bands")
    template_slug = models.CharField(max_length=80)
    period = models.DateField()
    contributors = models.PositiveIntegerField(default=0)
    median = FigureField(max_digits=20, decimal_places=6, null=True, blank=True)
    p25 = FigureField(max_digits=20, decimal_places=6, null=True, blank=True)
    p75 = FigureField(max_digits=20, decimal_places=6, null=True, blank=True)
    unit = models.CharField(max_length=40, blank=True)
    received_at = models.DateTimeField()

    class Meta:
        ordering = ["template_slug", "period"]
        constraints = [
            models.UniqueConstraint(fields=["link", "template_slug", "period"], name="one_band_per_link_period")
        ]

    def __str__(self):
        return f"{self.link_id} {self.template_slug} {self.period}"


class ReceivedPush(models.Model):
    """On the federation's install: a push taken in, by its id, so the same push sent again changes nothing more."""

    cooperative_via = "member.federation"

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="pushes")
    push_id = models.CharField(max_length=64)
    body_hash = models.CharField(max_length=64)  # the same id with another body is refused
    received_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "push_id"], name="one_push_per_id")]

    def __str__(self):
        return f"{self.member_id} {self.push_id}"
