"""Model cards: fitted models as human-readable JSON, reloaded without pickle.

A card holds what a reader needs to understand and apply the model (terms,
coefficients, coding of categorical columns, centring, baseline hazard), the
R call that fits the same model, and the radstats version. Loading parses JSON
only, so a card from an untrusted source cannot run code.
"""

from __future__ import annotations

import json
from pathlib import Path

from radstats._core.design import Design, _Column
from radstats._core.errors import InputError

SCHEMA = "radstats-model-card/1"


def design_to_dict(design: Design) -> list[dict]:
    return [{"name": c.name, "levels": None if c.levels is None else list(c.levels)}
            for c in design.columns]


def design_from_dict(columns: list[dict]) -> Design:
    return Design(tuple(_Column(c["name"], None if c["levels"] is None else tuple(c["levels"]))
                        for c in columns))


def write_card(card: dict, path=None) -> str:
    """Serialise ``card`` (adding the schema tag); also write it to ``path`` if given."""
    from radstats import __version__

    text = json.dumps({"schema": SCHEMA, "radstats_version": __version__, **card}, indent=2)
    if path is not None:
        Path(path).write_text(text)
    return text


def read_card(source, model: str) -> dict:
    """Parse a card from JSON text or a file path, checking it describes ``model``."""
    text = source
    if isinstance(source, Path) or (isinstance(source, str) and not source.lstrip().startswith("{")):
        path = Path(source)
        if not path.exists():
            raise InputError(f"model card file {str(path)!r} does not exist")
        text = path.read_text()
    try:
        card = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not a model card (invalid JSON: {exc})") from None
    if card.get("schema") != SCHEMA:
        raise InputError(f"not a radstats model card (schema {card.get('schema')!r}, "
                         f"expected {SCHEMA!r})")
    if card.get("model") != model:
        raise InputError(f"this card describes a {card.get('model')!r} model, not {model!r}")
    return card
