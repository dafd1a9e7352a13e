"""Charts drawn on the server as SVG (no JavaScript): bars for counts per group and a series
with its control limit. Each chart is an image with a title and a description; the page
puts its data table beside it for screen readers, and its CSV."""

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

WIDTH, HEIGHT, PAD_L, PAD_B, PAD_T, PAD_R = 640, 260, 48, 56, 16, 16
BAR = "#1d4f91"
RISE = "#b00020"
LIMIT = "#6b6b6b"


def _scale(top: float) -> float:
    return (HEIGHT - PAD_B - PAD_T) / top if top > 0 else 0


def _frame(uid: str, title: str, desc: str, body: list[str]) -> str:
    head = format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-t {}-d" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{}-t">{}</title><desc id="{}-d">{}</desc>',
        WIDTH, HEIGHT, uid, uid, uid, title, uid, desc,
    )  # fmt: skip
    axis = (
        f'<line x1="{PAD_L}" y1="{HEIGHT - PAD_B}" x2="{WIDTH - PAD_R}" y2="{HEIGHT - PAD_B}" '
        f'stroke="#333"/><line x1="{PAD_L}" y1="{PAD_T}" x2="{PAD_L}" y2="{HEIGHT - PAD_B}" '
        'stroke="#333"/>'
    )
    return mark_safe(head + axis + "".join(body) + "</svg>")  # noqa: S308 — escaped above


def _ticks(top: int) -> list[str]:
    out = []
    k = _scale(top)
    for value in sorted({0, top // 2, top}):
        y = HEIGHT - PAD_B - value * k
        out.append(
            f'<text x="{PAD_L - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{value}</text>'
        )
    return out


def bars(uid: str, title: str, desc: str, items: list[tuple[str, float]]) -> str:
    items = items[:20]
    top = max([v for _, v in items] + [1])
    k = _scale(top)
    step = (WIDTH - PAD_L - PAD_R) / max(len(items), 1)
    body = _ticks(int(top))
    for i, (label, value) in enumerate(items):
        h = value * k
        x = PAD_L + i * step + step * 0.15
        body.append(
            f'<rect x="{x:.1f}" y="{HEIGHT - PAD_B - h:.1f}" width="{step * 0.7:.1f}" '
            f'height="{h:.1f}" fill="{BAR}"/>'
        )
        short = escape(label if len(label) <= 14 else label[:13] + "…")
        body.append(
            f'<text x="{x + step * 0.35:.1f}" y="{HEIGHT - PAD_B + 14}" font-size="10" '
            f'text-anchor="end" transform="rotate(-30 {x + step * 0.35:.1f} '
            f'{HEIGHT - PAD_B + 14})">{short}</text>'
        )
    return _frame(uid, title, desc, body)


def series(uid: str, title: str, desc: str, points) -> str:
    """Counts per period as bars, the rolling baseline's control limit as a line, the
    periods flagged as a rise in another colour and marked with a triangle."""
    points = list(points)[-60:]
    top = max([p.count for p in points] + [1])
    k = _scale(top)
    step = (WIDTH - PAD_L - PAD_R) / max(len(points), 1)
    body = _ticks(int(top))
    line = []
    for i, p in enumerate(points):
        h = p.count * k
        x = PAD_L + i * step
        colour = RISE if p.rise else BAR
        body.append(
            f'<rect x="{x + step * 0.1:.1f}" y="{HEIGHT - PAD_B - h:.1f}" '
            f'width="{step * 0.8:.1f}" height="{h:.1f}" fill="{colour}"/>'
        )
        if p.rise:
            cx, cy = x + step / 2, HEIGHT - PAD_B - h - 8
            body.append(
                f'<path d="M{cx - 5:.1f},{cy:.1f} L{cx + 5:.1f},{cy:.1f} L{cx:.1f},{cy + 6:.1f} Z" '
                f'fill="{RISE}"/>'
            )
        if p.baseline is not None:
            line.append(f"{x + step / 2:.1f},{HEIGHT - PAD_B - min(p.baseline, top) * k:.1f}")
        if len(points) <= 14 or i % max(1, len(points) // 12) == 0:
            label = p.period.strftime("%Y-%m-%d" if step < 40 else "%Y-%m")
            body.append(
                f'<text x="{x + step / 2:.1f}" y="{HEIGHT - PAD_B + 14}" font-size="10" '
                f'text-anchor="end" transform="rotate(-30 {x + step / 2:.1f} '
                f'{HEIGHT - PAD_B + 14})">{label}</text>'
            )
    if len(line) > 1:
        body.append(
            f'<polyline points="{" ".join(line)}" fill="none" stroke="{LIMIT}" '
            'stroke-dasharray="4 3" stroke-width="2"/>'
        )
    return _frame(uid, title, desc, body)
