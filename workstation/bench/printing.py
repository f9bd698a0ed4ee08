"""Agreement render (fonts loaded) vs a minimal one-page reportlab PDF in the same font."""

from __future__ import annotations

import io
import statistics

from workstation.storage.engine import connect_raw

from .common import BenchContext, Figure, Target, figure, ms

REPEAT = 20
TARGET = Target("value", "<", 60.0, "< 60 ms")


def minimal_page(font: str) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    canvas = Canvas(buf)
    canvas.setFont(font, 12)
    canvas.drawString(72, 720, "人民调解协议书 测试页")
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def run(ctx: BenchContext) -> list[Figure]:
    from workstation.printing import fonts
    from workstation.printing.render import render

    raw = connect_raw(ctx.db_path, ctx.db.key)  # SQLCipher, the station's pragmas
    try:
        row = raw.execute(
            "SELECT c.id FROM mediation_case c JOIN mediation_agreement a ON a.case_id = c.id "
            "WHERE a.form = 'written' LIMIT 1").fetchone()
    finally:
        raw.close()
    if row is None:
        return []
    case_id = row[0]
    first = ms(lambda: render(ctx.db, "mediation_agreement", case_id))  # loads the fonts
    repeat = 5 if ctx.quick else REPEAT
    value = statistics.median(ms(lambda: render(ctx.db, "mediation_agreement", case_id))
                              for _ in range(repeat))
    font = fonts.font_name(fonts.BODY)
    minimal_page(font)
    baseline = statistics.median(ms(lambda: minimal_page(font)) for _ in range(repeat))
    return [figure("print mediation agreement", value, "ms", baseline, TARGET,
                   note=f"median of {repeat} after fonts loaded (first {first:.0f} ms); "
                        f"baseline: one-page reportlab PDF in {font}")]
