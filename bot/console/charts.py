"""Bar charts as SVG geometry, drawn server-side so the console needs no chart library or CDN.

Geometry only: the template turns it into <svg>; numbers come from `figures`.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping, Sequence

PALETTE = ("#2563eb", "#f97316", "#16a34a", "#9333ea", "#dc2626", "#0891b2", "#ca8a04", "#64748b")
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 720, 260, 48, 40, 12


@dataclass(frozen=True, kw_only=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str


@dataclass(frozen=True, kw_only=True)
class Chart:
    title: str
    width: int
    height: int
    bars: list[Bar]
    x_labels: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    legend: list[tuple[str, str]]


def bar_chart(title: str, labels: Sequence[str], series: Mapping[str, Sequence[float | Decimal]], *,
              stacked: bool = True, unit: str = "") -> Chart:
    """Bars per label, one colour per series, stacked or side by side; every bar has a tooltip label."""
    names = sorted(series)
    colours = {name: PALETTE[n % len(PALETTE)] for n, name in enumerate(names)}
    heights = [sum(float(series[n][i]) for n in names) if stacked else max((float(series[n][i]) for n in names),
                                                                           default=0) for i in range(len(labels))]
    top = max(heights, default=0) or 1
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    slot = plot_w / max(len(labels), 1)
    bars: list[Bar] = []
    for i, label in enumerate(labels):
        base = 0.0
        for k, name in enumerate(names):
            value = float(series[name][i])
            if not value:
                continue
            h = value / top * plot_h
            if stacked:
                x, w, y = LEFT + i * slot + slot * 0.1, slot * 0.8, TOP + plot_h - base - h
                base += h
            else:
                w = slot * 0.8 / len(names)
                x, y = LEFT + i * slot + slot * 0.1 + k * w, TOP + plot_h - h
            bars.append(Bar(x=round(x, 1), y=round(y, 1), width=round(w, 1), height=round(h, 1), colour=colours[name],
                            label=f"{label} · {name}: {value:g}{unit}"))
    every = max(1, len(labels) // 12)
    x_labels = [(round(LEFT + i * slot + slot / 2, 1), label) for i, label in enumerate(labels) if i % every == 0]
    y_ticks = [(round(TOP + plot_h - f * plot_h, 1), f"{top * f:g}{unit}") for f in (0, 0.5, 1)]
    return Chart(title=title, width=WIDTH, height=HEIGHT, bars=bars, x_labels=x_labels, y_ticks=y_ticks,
                 legend=[(name, colours[name]) for name in names])
