"""A cooperative's logo, made safe: a PNG or JPEG checked by its content, re-encoded as a small clean PNG.

Re-encoding from the decoded pixels drops whatever else the upload carried (metadata,
trailing bytes, a script disguised as an image), and the size checks come before the
pixels are decoded, so a small file that unpacks into a huge image costs nothing.
"""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 4000
STORED_WIDTH = 600
FORMATS = ("PNG", "JPEG")


def logo_png(data: bytes) -> bytes:
    """The uploaded logo as a PNG at most STORED_WIDTH px wide; ValidationError (in Spanish) when it is refused."""
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("El logo pesa más de 2 MB; guárdelo más pequeño e inténtelo de nuevo."), code="too_heavy"
        )
    image = _decoded(data)
    image = ImageOps.exif_transpose(image)  # a phone photo keeps the way it was held, though its EXIF goes
    image = image.convert("RGBA" if _has_transparency(image) else "RGB")
    if image.width > STORED_WIDTH:
        image = image.resize(
            (STORED_WIDTH, max(1, round(image.height * STORED_WIDTH / image.width))), Image.Resampling.LANCZOS
        )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _decoded(data: bytes) -> Image.Image:
    not_an_image = ValidationError(
        _("El logo debe ser una imagen PNG o JPEG (no SVG, GIF ni otro tipo de archivo)."), code="not_png_or_jpeg"
    )
    try:
        image = Image.open(io.BytesIO(data), formats=FORMATS)  # reads the header only
        if image.width > MAX_SIDE or image.height > MAX_SIDE:
            raise ValidationError(
                _("El logo mide %(width)s × %(height)s píxeles; el máximo es %(side)s × %(side)s.")
                % {"width": image.width, "height": image.height, "side": MAX_SIDE},
                code="too_large",
            )
        image.load()
    except Image.DecompressionBombError:  # Pillow's own limit, far above ours, refuses it while opening
        raise ValidationError(_("El logo dice ser una imagen enorme; no se puede usar."), code="bomb") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):  # not an image, or a damaged one
        raise not_an_image from None
    return image


def _has_transparency(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
