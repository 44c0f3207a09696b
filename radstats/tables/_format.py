"""Writers for display tables: Markdown, LaTeX and HTML, with no extra dependencies.

Each takes a DataFrame of display strings and, optionally, a mask of the rows
that continue the block above (the level rows of a categorical variable): their
variable name (column ``blank``; a model's name in a performance table) is left
blank (the DataFrame itself repeats it, for filtering).
"""

from __future__ import annotations

import html

import pandas as pd


def _display_rows(table: pd.DataFrame, continued=None, blank: str = "variable") -> list[list[str]]:
    rows = [list(record) for record in table.astype(str).itertuples(index=False)]
    if continued is not None and blank in table.columns:
        position = list(table.columns).index(blank)
        for cells, is_continued in zip(rows, continued):
            if is_continued:
                cells[position] = ""
    return rows


def to_markdown(table: pd.DataFrame, continued=None, blank: str = "variable") -> str:
    """A GitHub-flavoured Markdown pipe table (``|`` inside cells escaped)."""
    escape = lambda text: str(text).replace("|", r"\|")  # noqa: E731
    header = [escape(c) for c in table.columns]
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join(" --- " for _ in header) + "|"]
    for cells in _display_rows(table, continued, blank):
        lines.append("| " + " | ".join(escape(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "<": r"$<$", ">": r"$>$", "±": r"$\pm$", "–": "--", "—": "---",
}


def latex_escape(text: str) -> str:
    """Escape LaTeX's special characters (and write ``±`` as ``$\\pm$``)."""
    return "".join(_LATEX_SPECIALS.get(ch, ch) for ch in str(text))


def to_latex(table: pd.DataFrame, caption: str | None = None, label: str | None = None,
             continued=None, blank: str = "variable") -> str:
    """A ``tabular`` (plain ``\\hline`` rules: no package needed), in a ``table`` float
    when a caption or label is given."""
    spec = "".join("l" if c in (blank, "level", "test", "cohort") else "r" for c in table.columns)
    lines = [rf"\begin{{tabular}}{{{spec}}}", r"\hline",
             " & ".join(latex_escape(c) for c in table.columns) + r" \\", r"\hline"]
    for cells in _display_rows(table, continued, blank):
        lines.append(" & ".join(latex_escape(c) for c in cells) + r" \\")
    lines += [r"\hline", r"\end{tabular}"]
    if caption is not None or label is not None:
        inner = [r"\begin{table}[htbp]", r"\centering"]
        if caption is not None:
            inner.append(rf"\caption{{{latex_escape(caption)}}}")
        if label is not None:
            inner.append(rf"\label{{{label}}}")
        lines = inner + lines + [r"\end{table}"]
    return "\n".join(lines) + "\n"


def to_html(table: pd.DataFrame, caption: str | None = None, continued=None,
            blank: str = "variable") -> str:
    """A plain ``<table>`` with ``<thead>`` and ``<tbody>`` (every cell escaped)."""
    lines = ['<table class="radstats-baseline">']
    if caption is not None:
        lines.append(f"  <caption>{html.escape(caption)}</caption>")
    lines.append("  <thead>")
    lines.append("    <tr>" + "".join(f"<th>{html.escape(str(c))}</th>" for c in table.columns)
                 + "</tr>")
    lines += ["  </thead>", "  <tbody>"]
    for cells in _display_rows(table, continued, blank):
        lines.append("    <tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    lines += ["  </tbody>", "</table>"]
    return "\n".join(lines) + "\n"
