"""Charts drawn on the server as inline SVG: no script, no CDN, nothing to build.

Every piece of text is passed through ``format_html``, so a job title full of markup ends
up as text inside the picture. Each chart is an image with an accessible name and a
description that reads out its numbers; the page puts a table of the same numbers beside
it. Charts are drawn 300 to 360 units wide and scale to their container (``viewBox``), with
text large enough to read on a 390px phone. Colours come from classes styled in
``static/css/app.css``.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from recruiting.dashboard import DashboardNumbers, Funnel, JobCost, ScoreDistribution, StageTime

WIDTH = 360
NARROW = 300  # the per-job funnels, drawn side by side
FONT = 16
SMALL = 13
CHAR = 0.55 * FONT  # average advance of a system sans-serif glyph, for truncating labels
ROW = 48  # a label line above a bar
BAR = 16
TEXT_Y = FONT + 1  # baseline of a row's label
BAR_Y = 24  # top of a row's bar
JOB_FUNNEL_CHARTS = 12  # per-job funnels drawn on the all-jobs view; the rest via the filter


def dashboard_charts(numbers: DashboardNumbers) -> dict:
    """The SVGs the dashboard template places, keyed by what they show."""
    return {
        "funnel": funnel_chart(numbers.total, chart_id="funnel-all"),
        "job_funnels": [
            (funnel, funnel_chart(funnel, chart_id=f"funnel-{funnel.job_id}", width=NARROW))
            for funnel in numbers.funnels[:JOB_FUNNEL_CHARTS]
        ],
        "more_jobs": max(len(numbers.funnels) - JOB_FUNNEL_CHARTS, 0),
        "scores": score_chart(numbers.scores, chart_id="scores"),
        "stage_times": stage_time_chart(numbers.stage_times, chart_id="stage-times"),
        "costs": cost_chart(numbers.costs, chart_id="ai-cost") if numbers.costs else "",
        # The same numbers, formatted for the tables beside the charts.
        "stage_rows": [
            (time, duration(time.median_hours), duration(time.p90_hours))
            for time in numbers.stage_times
        ],
        "cost_rows": [(cost, money(cost.cost_usd)) for cost in numbers.costs],
        "total_cost": money(numbers.total_cost),
    }


# ----------------------------------------------------------------------------- charts


def funnel_chart(funnel: Funnel, *, chart_id: str, width: int = WIDTH) -> SafeString:
    """Centred bars narrowing from everyone who applied to those hired."""
    applied = funnel.applied
    rows = []
    for index, step in enumerate(funnel.steps):
        top = index * ROW
        share = f" · {step.of_applied:g}%" if step.of_applied is not None and index else ""
        bar = width * step.count / applied if applied else 0
        if step.count:
            bar = max(bar, 2)
        rows.append(
            format_html(
                '<text x="0" y="{text_y}">{label}</text>'
                '<text x="{w}" y="{text_y}" text-anchor="end" class="value">{value}</text>'
                '<rect class="track" x="0" y="{bar_y}" width="{w}" height="{bar_h}"/>'
                '<rect class="bar" x="{x}" y="{bar_y}" width="{bar}" height="{bar_h}"/>',
                label=step.label,
                value=f"{step.count:,}{share}",
                x=_n((width - bar) / 2),
                bar=_n(bar),
                text_y=top + TEXT_Y,
                bar_y=top + BAR_Y,
                w=width,
                bar_h=BAR,
            )
        )
    description = ", ".join(
        f"{step.label} {step.count:,}"
        + (f" ({step.of_previous:g}% of the step before)" if step.of_previous is not None else "")
        for step in funnel.steps
    )
    return _svg(
        chart_id,
        f"Funnel for {funnel.title}",
        description,
        len(funnel.steps) * ROW,
        rows,
        width=width,
    )


def score_chart(distribution: ScoreDistribution, *, chart_id: str) -> SafeString:
    """A histogram of overall scores in ten-point buckets."""
    top, plot, pad = 20, 150, 14
    height = top + plot + 34
    slot = (WIDTH - 2 * pad) / len(distribution.buckets)
    most = max((count for _, _, count in distribution.buckets), default=0) or 1
    parts = [
        format_html(
            '<line class="axis" x1="{x1}" y1="{y}" x2="{x2}" y2="{y}"/>',
            x1=pad,
            x2=WIDTH - pad,
            y=top + plot,
        )
    ]
    for index, (low, _high, count) in enumerate(distribution.buckets):
        x = pad + index * slot
        bar = max(plot * count / most, 1)
        if count:
            parts.append(
                format_html(
                    '<rect class="bar" x="{x}" y="{y}" width="{width}" height="{height}"/>'
                    '<text x="{middle}" y="{label_y}" text-anchor="middle" font-size="{size}">'
                    "{count}</text>",
                    x=_n(x + 2),
                    y=_n(top + plot - bar),
                    width=_n(slot - 4),
                    height=_n(bar),
                    middle=_n(x + slot / 2),
                    label_y=_n(top + plot - bar - 5),
                    size=SMALL,
                    count=f"{count:,}",
                )
            )
        parts.append(_tick(x, top + plot, low, first=index == 0))
    parts.append(_tick(WIDTH - pad, top + plot, 100, last=True))
    description = (
        ", ".join(f"{low} to {high}: {count:,}" for low, high, count in distribution.buckets)
        + f". Not scored yet: {distribution.unscored:,}."
    )
    return _svg(chart_id, "Distribution of overall scores", description, height, parts)


def _tick(x: float, axis: float, value: int, *, first=False, last=False) -> SafeString:
    """A tick at every ten points, labelled at every twenty so the labels never touch."""
    anchor = "start" if first else "end" if last else "middle"
    if value % 20:
        return format_html(
            '<line class="axis" x1="{x}" y1="{axis}" x2="{x}" y2="{tick_end}"/>',
            x=_n(x),
            axis=axis,
            tick_end=axis + 4,
        )
    return format_html(
        '<line class="axis" x1="{x}" y1="{axis}" x2="{x}" y2="{tick_end}"/>'
        '<text x="{x}" y="{label_y}" text-anchor="{anchor}" font-size="{size}" class="value">'
        "{value}</text>",
        x=_n(x),
        axis=axis,
        tick_end=axis + 4,
        label_y=axis + 18,
        anchor=anchor,
        size=SMALL,
        value=value,
    )


def stage_time_chart(times: tuple[StageTime, ...], *, chart_id: str) -> SafeString:
    """Bars for the median time in each stage, a line at the 90th percentile."""
    longest = max((time.p90_hours or 0 for time in times), default=0) or 1
    rows = []
    for index, time in enumerate(times):
        top = index * ROW
        if time.median_hours is None:
            value = "no data"
        else:
            value = f"{duration(time.median_hours)} · p90 {duration(time.p90_hours)}"
        rows.append(_label_row(top, time.label, value))
        if time.median_hours is not None:
            median = WIDTH * time.median_hours / longest
            p90 = min(max(WIDTH * time.p90_hours / longest, 1.5), WIDTH - 1.5)
            rows.append(
                format_html(
                    '<rect class="bar" x="0" y="{bar_y}" width="{width}" height="{bar_h}"/>'
                    '<line class="marker" x1="{p90}" y1="{y1}" x2="{p90}" y2="{y2}"/>',
                    bar_y=top + BAR_Y,
                    width=_n(max(median, 2)),
                    bar_h=BAR,
                    p90=_n(p90),
                    y1=top + BAR_Y - 3,
                    y2=top + BAR_Y + BAR + 3,
                )
            )
    description = "; ".join(
        f"{time.label}: median {duration(time.median_hours)}, "
        f"90th percentile {duration(time.p90_hours)}, {time.count:,} applications"
        if time.median_hours is not None
        else f"{time.label}: no data"
        for time in times
    )
    return _svg(chart_id, "Time spent in each stage", description, len(times) * ROW, rows)


def cost_chart(costs: tuple[JobCost, ...], *, chart_id: str) -> SafeString:
    """One bar per job: what its AI runs cost."""
    most = max((cost.cost_usd for cost in costs), default=Decimal(0)) or Decimal(1)
    rows = []
    for index, cost in enumerate(costs):
        top = index * ROW
        runs = "run" if cost.runs == 1 else "runs"
        rows.append(_label_row(top, cost.title, f"{money(cost.cost_usd)} · {cost.runs:,} {runs}"))
        width = float(WIDTH * cost.cost_usd / most)
        rows.append(
            format_html(
                '<rect class="bar" x="0" y="{bar_y}" width="{width}" height="{bar_h}"/>',
                bar_y=top + BAR_Y,
                width=_n(max(width, 2) if cost.cost_usd else 0),
                bar_h=BAR,
            )
        )
    description = "; ".join(
        f"{cost.title}: {money(cost.cost_usd)} for {cost.runs:,} runs" for cost in costs
    )
    return _svg(chart_id, "AI cost per job", description, len(costs) * ROW, rows)


# ----------------------------------------------------------------------------- pieces


def _label_row(top: int, label: str, value: str) -> SafeString:
    """A label on the left and its value on the right, above where the bar goes; a label
    too long for the space left is cut short (the full text is in its ``<title>`` and in
    the table beside the chart)."""
    room = int((WIDTH - len(value) * CHAR - 12) / CHAR)
    short = label if len(label) <= room else label[: max(room - 1, 1)].rstrip() + "…"
    return format_html(
        '<g><title>{label}</title><text x="0" y="{text_y}">{short}</text>'
        '<text x="{w}" y="{text_y}" text-anchor="end" class="value">{value}</text>'
        '<rect class="track" x="0" y="{bar_y}" width="{w}" height="{bar_h}"/></g>',
        label=label,
        short=short,
        value=value,
        text_y=top + TEXT_Y,
        bar_y=top + BAR_Y,
        w=WIDTH,
        bar_h=BAR,
    )


def _svg(
    chart_id: str, title: str, description: str, height: int, parts, *, width: int = WIDTH
) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {w} {h}" '
        'width="100%" font-size="{size}" role="img" aria-labelledby="{id}-title {id}-desc">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        w=width,
        h=height + 4,
        size=FONT,
        id=chart_id,
        title=title,
        desc=description,
        body=mark_safe("".join(parts)),  # noqa: S308 - each part was built by format_html
    )


def _n(value: float) -> str:
    """A coordinate, short: 12, 12.5."""
    return f"{value:.1f}".removesuffix(".0")


def duration(hours: float | None) -> str:
    """Hours as a reader wants them: minutes, hours, or days."""
    if hours is None:
        return "–"
    if hours < 1:
        return f"{round(hours * 60)} min"
    if hours < 48:
        return f"{hours:.1f} h".replace(".0 h", " h")
    return f"{hours / 24:.1f} d".replace(".0 d", " d")


def money(amount: Decimal) -> str:
    """Dollars with cents, or with four decimals below a cent, so tiny runs still show."""
    if amount and amount < Decimal("0.01"):
        return f"${amount:.4f}"
    return f"${amount:,.2f}"
