"""The monthly insight report written to files: one self-contained HTML page (charts embedded as
PNG, nothing fetched) and a CSV of every number in it.

Rendering only; the numbers come from bot/insight/report.py.
"""
from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import Iterator, Sequence

from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.csv_cells import SafeCsvWriter
from bot.insight.report import InsightReport

TEMPLATES = Path(__file__).with_name("templates")
REPORT_NAME = "report-{month}"


def _png(draw) -> str:
    """A matplotlib figure drawn by `draw(axes)`, as a data: URI."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(7.5, 3.2), dpi=100)
    try:
        draw(axes)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    finally:
        plt.close(figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _whole_numbers(axes, ylabel: str) -> None:
    """Counts are ticked in whole numbers (money keeps its decimals)."""
    if ylabel == "complaints":
        from matplotlib.ticker import MaxNLocator

        axes.yaxis.set_major_locator(MaxNLocator(integer=True))


def _bars(labels: Sequence[str], values: Sequence[float], ylabel: str):
    def draw(axes) -> None:
        axes.bar(range(len(labels)), values, color="#2563eb")
        axes.set_xticks(range(len(labels)))
        axes.set_xticklabels(labels, rotation=20, ha="right", fontsize=8)
        axes.set_ylabel(ylabel)
        _whole_numbers(axes, ylabel)
    return draw


def _weekly(report: InsightReport):
    def draw(axes) -> None:
        bottom = [0] * len(report.weeks)
        for category, counts in sorted(report.by_week_and_category.items()):
            axes.bar(report.weeks, counts, bottom=bottom, label=category)
            bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
        axes.set_ylabel("complaints")
        _whole_numbers(axes, "complaints")
        axes.legend(fontsize=7, ncol=4)
        axes.tick_params(axis="x", labelsize=8)
    return draw


def charts(report: InsightReport) -> list[tuple[str, str]]:
    """(title, data URI) for each chart of the report; none for an empty month."""
    if not report.complaints:
        return []
    found = [("Complaints per week, by category", _png(_weekly(report)))]
    for title, counter in (("Complaints by product", report.by_product), ("Complaints by carrier", report.by_carrier)):
        top = counter.most_common(10)
        found.append((title, _png(_bars([k for k, _ in top], [v for _, v in top], "complaints"))))
    if report.goodwill_by_cause:
        causes = list(report.goodwill_by_cause)
        found.append((f"Goodwill cost by cause ({report.currency})",
                      _png(_bars(causes, [float(report.goodwill_by_cause[c]) for c in causes], report.currency))))
    return found


def csv_rows(report: InsightReport) -> Iterator[tuple[str, str, object]]:
    """Every number of the report as (section, key, value)."""
    yield "month", report.month, report.complaints
    for section, counter in (("category", report.by_category), ("language", report.by_language),
                             ("product", report.by_product), ("carrier", report.by_carrier),
                             ("outcome", report.outcomes), ("handoff_reason", report.handoff_reasons)):
        for key, count in counter.most_common():
            yield section, key, count
    for category, counts in sorted(report.by_week_and_category.items()):
        for week, count in zip(report.weeks, counts, strict=True):
            yield "week_category", f"{week} {category}", count
    for item in report.evidence:
        yield "evidence", " ".join(filter(None, (item.check, item.fact, item.verdict, item.carrier))), item.cases
    for cause, cost in report.goodwill_by_cause.items():
        yield f"goodwill_{report.currency}", cause, cost
    yield f"goodwill_{report.currency}", "total", report.goodwill_total
    satisfaction = report.satisfaction
    yield "csat", "asked", satisfaction.overall.asked
    yield "csat", "rated", satisfaction.overall.rated
    yield "csat", "satisfied_share", "" if satisfaction.overall.csat is None else round(satisfaction.overall.csat, 4)
    yield "resolution", "decided", satisfaction.decided
    yield "resolution", "resolved_by_bot", satisfaction.resolved_by_bot


def write_report(report: InsightReport, folder: Path) -> tuple[Path, Path]:
    """Write the report's HTML and CSV into `folder`; their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / REPORT_NAME.format(month=report.month)
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    html = environment.get_template("report.html").render(report=report, charts=charts(report))
    html_path, csv_path = stem.with_suffix(".html"), stem.with_suffix(".csv")
    html_path.write_text(html, encoding="utf-8")
    with csv_path.open("w", encoding="utf-8", newline="") as stream:
        writer = SafeCsvWriter(stream)
        writer.writerow(("section", "key", "value"))
        for row in csv_rows(report):
            writer.writerow(row)
    return html_path, csv_path


def latest_report(folder: Path) -> Path | None:
    """The newest month's HTML report in `folder`, if any."""
    found = sorted(folder.glob(REPORT_NAME.format(month="[0-9][0-9][0-9][0-9]-[0-9][0-9]") + ".html"))
    return found[-1] if found else None
