"""Why a published figure is suppressed, said in plain words from the reasons it was stored with.

The reasons are the engine's words (`rumbo.engine.network.disclosure`), kept on each Figure:
"threshold" (fewer than k contributors: nothing but the count), "dominance" and "p_percent" (the
total, or a ratio's figure, is hidden: one or two contributors weigh too much in it), and
"differencing" (every figure hidden when the quartiles are too, otherwise the total: together with
another published figure it would give a member's value away). The sentences never name a member
and never give the rules' thresholds beyond k, which the federation shows anyway.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rumbo.engine.network.disclosure import DIFFERENCING, DOMINANCE, P_PERCENT, THRESHOLD
from rumbo.engine.numbers import format_number
from rumbo.federation.models import Figure


@dataclass(frozen=True)
class Said:
    """A figure's reasons in words: `short` for a table cell («menos de 5 cooperativas»), `long` for a sentence."""

    short: str
    long: str


def _threshold(figure: Figure, k: int) -> Said:
    return Said(
        _("menos de %(k)s cooperativas") % {"k": k},
        ngettext(
            "Menos de %(k)s cooperativas: solo %(n)s envió su cifra.",
            "Menos de %(k)s cooperativas: solo %(n)s enviaron su cifra.",
            figure.contributors,
        )
        % {"k": k, "n": figure.contributors},
    )


def _hidden_by_difference() -> Said:
    return Said(
        _("se podría deducir por diferencia"),
        _(
            "No se publica: se podría deducir por diferencia la cifra de una cooperativa, con otra cifra publicada "
            "(otro mes, o la red y una región)."
        ),
    )


def _total(reason: str, what: str) -> Said | None:
    if reason == DOMINANCE:
        return Said(
            _("una o dos cooperativas dominan el total"),
            _("%(what)s no se publica: una o dos cooperativas dominan la suma.") % {"what": what},
        )
    if reason == P_PERCENT:
        return Said(
            _("la mayor cooperativa se podría estimar"),
            _("%(what)s no se publica: con él se podría estimar de cerca la cifra de la mayor cooperativa.")
            % {"what": what},
        )
    if reason == DIFFERENCING:
        return Said(
            _("se podría deducir por diferencia"),
            _("%(what)s no se publica: se podría deducir por diferencia con otros totales publicados.")
            % {"what": what},
        )
    return None


def reasons_said(figure: Figure, *, k: int, what: str, total_shown: bool) -> list[Said]:
    """Why the figure, or its total, is not published, one reason each; [] when everything is.

    `what` names the total as the page does («El total», «La cifra de las partes sumadas»); `total_shown`
    says whether the page shows a total at all (a level or a share is read by its quartiles: its total's
    reasons do not matter there).
    """
    if figure.reasons is None:
        return _unknown(figure, k=k, what=what, total_shown=total_shown)
    reasons = list(figure.reasons)
    if THRESHOLD in reasons:
        return [_threshold(figure, k)]
    total_hidden = figure.total is None and figure.ratio is None
    if figure.median is None and total_hidden and DIFFERENCING in reasons:
        others = [s for r in reasons if r != DIFFERENCING and (s := _total(r, what))] if total_shown else []
        return [_hidden_by_difference(), *others]
    if not total_shown or not total_hidden:
        return []
    if not reasons:  # a ratio's period where some member sent only its rate: read by its median
        return [
            Said(
                _("sin las partes de todas"),
                _(
                    "%(what)s no se calcula: alguna cooperativa envió solo su porcentaje, sin las partes; "
                    "la red se lee por su mediana."
                )
                % {"what": what},
            )
        ]
    return [s for r in reasons if (s := _total(r, what)) is not None]


def _unknown(figure: Figure, *, k: int, what: str, total_shown: bool) -> list[Said]:
    """A figure published before its reasons were kept: what is missing says what it can."""
    if figure.contributors < k:
        return [_threshold(figure, k)]
    if figure.median is None:
        return [_hidden_by_difference()]
    if not total_shown or figure.total is not None or figure.ratio is not None:
        return []
    return [
        Said(
            _("no publicable"),
            _(
                "%(what)s no se publica: una o dos cooperativas pesan tanto en él que se podría deducir su cifra, "
                "o se deduciría por diferencia con otro total publicado."
            )
            % {"what": what},
        )
    ]


def resting_on(figure: Figure, lang: str) -> str:
    """«con 1.000 de 1.001 cooperativas» when the figures leave some contributors out; "" otherwise."""
    if not 0 < figure.used < figure.contributors:
        return ""
    return ngettext("con %(used)s de %(n)s cooperativa", "con %(used)s de %(n)s cooperativas", figure.contributors) % {
        "used": format_number(figure.used, 0, lang),
        "n": format_number(figure.contributors, 0, lang),
    }
