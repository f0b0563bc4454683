"""Draw the home-screen icons of the installable app (rumbo/static/rumbo/icons) from the shapes of icon.svg.

Run once after changing the icon: `python tools/app_icons.py`; the PNGs are committed.
"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "rumbo" / "static" / "rumbo" / "icons"
GREEN, CREAM, ORANGE = "#1f6f5c", "#f4efe6", "#e07a2e"
SCALE = 4  # drawn larger, then reduced: smooth edges


def needle(draw: ImageDraw.ImageDraw, size: int, inset: float) -> None:
    """The compass needle of icon.svg (a 32-unit box), inside `inset` of the icon's side on each edge."""

    def at(x: float, y: float) -> tuple[float, float]:
        span = size * (1 - 2 * inset)
        return size * inset + x / 32 * span, size * inset + y / 32 * span

    draw.polygon([at(16, 5), at(20, 16), at(16, 27), at(12, 16)], fill=CREAM)
    draw.polygon([at(16, 5), at(20, 16), at(12, 16)], fill=ORANGE)


def icon(side: int, maskable: bool) -> Image.Image:
    size = side * SCALE
    image = Image.new("RGBA", (size, size), GREEN if maskable else (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if not maskable:
        draw.ellipse([size / 32, size / 32, size - size / 32, size - size / 32], fill=GREEN)
    needle(draw, size, 0.2 if maskable else 0.0)  # a maskable icon keeps its drawing in the middle 60 %
    return image.resize((side, side), Image.LANCZOS)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for side in (192, 512):
        icon(side, maskable=False).save(OUT / f"rumbo-{side}.png", optimize=True)
        icon(side, maskable=True).save(OUT / f"rumbo-maskable-{side}.png", optimize=True)
    icon(180, maskable=True).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)
