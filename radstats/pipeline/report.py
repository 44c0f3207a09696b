"""The study's self-contained HTML report: every table, every figure (embedded as
base64 PNG), a methods paragraph built from what ran, the config and versions."""

from __future__ import annotations

import base64
import html
import json

import numpy as np
import pandas as pd

CSS = """
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0 auto;
       max-width: 1100px; padding: 1.5em 2em 4em; color: #222; line-height: 1.45; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; } h2 { margin-top: 2.2em; border-bottom: 1px solid #ccc; }
.meta { color: #666; font-size: 0.9em; } .error { background: #fde8e8; border: 1px solid #e0a0a0;
  padding: 0.8em 1em; } table.data, table.radstats-baseline { border-collapse: collapse; font-size: 0.85em; margin: 0.6em 0 1.4em; }
table.data th, table.data td, table.radstats-baseline th, table.radstats-baseline td {
  border-bottom: 1px solid #ddd; padding: 0.25em 0.6em; text-align: right; }
table.data th, table.radstats-baseline th { background: #f4f4f4; }
table.data td:first-child, table.data th:first-child, table.radstats-baseline td:first-child,
table.radstats-baseline th:first-child { text-align: left; }
.caption { font-weight: 600; margin-top: 1em; } .scroll { overflow-x: auto; } figure { margin: 1em 0 2em; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { color: #555; font-size: 0.9em; } pre { background: #f7f7f7; padding: 1em; overflow-x: auto;
  font-size: 0.8em; } .timing { color: #888; font-size: 0.8em; } nav li { margin: 0.1em 0; }
"""


def _number(value) -> str:
    if isinstance(value, (float, np.floating)):
        if np.isnan(value):
            return ""
        return f"{value:.4g}" if abs(value) < 1e5 else f"{value:.4e}"
    return html.escape(str(value))


def table_html(frame: pd.DataFrame) -> str:
    """A DataFrame as an escaped HTML table (floats to four significant digits)."""
    frame = frame.copy()
    index = not isinstance(frame.index, pd.RangeIndex)
    return frame.to_html(classes="data", border=0, index=index, na_rep="", escape=True,
                         float_format=lambda v: _number(v))


def _image(path) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"data:image/png;base64,{data}"


def render(study, versions: dict, error: str | None = None) -> str:
    """The report of ``study`` as one HTML document."""
    config = study.config
    title = config["study"]["title"] or config["study"]["name"]
    parts = ["<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
             f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>",
             f"<h1>{html.escape(title)}</h1>",
             f"<p class=\"meta\">radstats {html.escape(versions['radstats'])} &middot; "
             f"config {html.escape(str(config.source))} &middot; outcome: "
             f"{html.escape(_outcome_text(study))}</p>"]
    if config["study"]["description"]:
        parts.append(f"<p>{html.escape(config['study']['description'])}</p>")
    if error:
        parts.append(f"<p class=\"error\"><strong>The study stopped early.</strong> "
                     f"{html.escape(error)} Sections below are those completed.</p>")
    parts.append("<h2 id=\"methods\">Methods</h2>")
    parts.append(f"<p>{html.escape(' '.join(study.methods))}</p>")
    parts.append("<nav><h2 id=\"contents\">Contents</h2><ul>")
    parts += [f"<li><a href=\"#{_anchor(s)}\">{html.escape(s.title)}</a></li>"
              for s in study.sections]
    parts.append("<li><a href=\"#reproducibility\">Configuration and versions</a></li></ul></nav>")
    for section in study.sections:
        parts.append(f"<h2 id=\"{_anchor(section)}\">{html.escape(section.title)}</h2>")
        if section.seconds:
            parts.append(f"<p class=\"timing\">step <code>{html.escape(section.step)}</code>, "
                         f"{section.seconds:.1f} s</p>")
        parts += [f"<p>{html.escape(text)}</p>" for text in section.text]
        for table in section.tables:
            parts.append(f"<p class=\"caption\">{html.escape(table.caption)}</p>")
            parts.append("<div class=\"scroll\">" + (table.html if table.html is not None
                                                       else table_html(table.frame)) + "</div>")
        for figure in section.figures:
            parts.append(f"<figure><img src=\"{_image(figure.png)}\" "
                         f"alt=\"{html.escape(figure.caption, quote=True)}\">"
                         f"<figcaption>{html.escape(figure.caption)} (figures/{figure.name}.png, "
                         f".svg)</figcaption></figure>")
    parts.append("<h2 id=\"reproducibility\">Configuration and versions</h2>")
    parts.append("<p>Rerun with <code>radstats run config.toml</code> in this folder's parent "
                 "(config.resolved.json holds every default that applied).</p>")
    parts.append(f"<pre>{html.escape(json.dumps(config.to_dict(), indent=2, default=str))}</pre>")
    parts.append(f"<pre>{html.escape(json.dumps(versions, indent=2))}</pre>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _anchor(section) -> str:
    return f"step-{section.step}"


def _outcome_text(study) -> str:
    outcome = study.outcome
    if study.survival:
        return (f"time to {outcome['label']} ({outcome['time']}, {outcome['event']}; "
                f"horizons {', '.join(f'{h:g}' for h in outcome['horizons'])} "
                f"{outcome['time_unit']})")
    return f"{outcome['label']} ({outcome['event']}, binary)"
