"""Named model combinations: ``"Learner"`` alone or ``"Selector + Learner"``.

A combination name is one learner name, or a selector and a learner joined by
``" + "``: the selector is fitted first and the learner is then fitted on the
features it keeps. Two preset lists ship with radstats:

``"irls101"``
    The 101 combinations of Liu et al. (2022), Figure 2 (the list the seed
    study screens).
``"mime117"``
    The 117 combinations that Mime's ``ML.Dev.Prog.Sig(mode = "all")`` fits.

``CoxBoost*``: the 101 list writes ``StepCox[both] + CoxBoost*`` and
``StepCox[backward] + CoxBoost*``. The authors' code (Zaoqu-Liu/IRLS,
``Algorithm combination.R``, section 3-4) fits these two exactly as every
other CoxBoost model (penalty by ``optimCoxBoostPenalty``, step number by
10-fold ``cv.CoxBoost``) on the StepCox-selected features, but records both
under the one label ``"StepCox + CoxBoost"`` without the direction; no text of
the paper defines the asterisk. radstats therefore fits ``CoxBoost*`` as
``CoxBoost`` and keeps the asterisk in the model's label only, so a table has
exactly the 101 published names.

Spellings are normalised: ``"survival - SVM"`` (as Mime's list writes it) is
``"survival-SVM"``, and ``Enet[a=0.5]`` / ``Enet[alpha=0.5]`` are ``Enet[α=0.5]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files

from radstats._core.errors import InputError

PRESETS = {"irls101": "combinations_irls101.txt", "mime117": "combinations_mime117.txt"}

_STARRED = "*"  # a learner written with a trailing asterisk (see the module docstring)


@dataclass(frozen=True)
class Combination:
    """One requested model: its label, the selector (if any) and the learner.

    ``selector`` and ``learner`` are the names passed to the learner registry
    (``CoxBoost*`` resolves to ``CoxBoost``); ``name`` is the label in tables.
    """

    name: str
    learner: str
    selector: str | None = None

    @property
    def first(self) -> str:
        """The learner fitted on all features (the selector, or the learner alone)."""
        return self.selector or self.learner


def _normalise_learner(text: str) -> str:
    name = re.sub(r"\s*-\s*", "-", text.strip())
    name = re.sub(r"\[\s*(?:a|alpha|α)\s*=\s*", "[α=", name)
    name = re.sub(r"\s*\]", "]", name)
    return name


def parse_combination(text: str) -> Combination:
    """Parse ``"Learner"`` or ``"Selector + Learner"`` into a :class:`Combination`.

    Examples
    --------
    >>> parse_combination("StepCox[both] + CoxBoost*")
    Combination(name='StepCox[both] + CoxBoost*', learner='CoxBoost', selector='StepCox[both]')
    >>> parse_combination("survival - SVM").name
    'survival-SVM'
    """
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"a combination must be a non-empty string, got {text!r}")
    parts = [_normalise_learner(p) for p in text.split(" + ")]
    if len(parts) > 2 or any(not p for p in parts):
        raise InputError(f"combination {text!r} must be 'Learner' or 'Selector + Learner'")
    name = " + ".join(parts)
    learners = [p[:-1] if p.endswith(_STARRED) else p for p in parts]
    if len(learners) == 1:
        return Combination(name, learners[0])
    return Combination(name, learners[1], learners[0])


def preset_names(preset: str) -> list[str]:
    """The combination names of a preset list (``"irls101"`` or ``"mime117"``)."""
    if preset not in PRESETS:
        raise InputError(f"unknown combination list {preset!r}; presets are {sorted(PRESETS)} "
                         "(or pass a list of 'Selector + Learner' names)")
    text = files("radstats.screen").joinpath("data", PRESETS[preset]).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def resolve_combinations(combinations) -> list[Combination]:
    """A preset name or a list of names -> parsed combinations, in order, checked for duplicates."""
    names = preset_names(combinations) if isinstance(combinations, str) else list(combinations)
    if not names:
        raise InputError("`combinations` is empty")
    parsed = [parse_combination(name) for name in names]
    seen: set[str] = set()
    duplicates = [c.name for c in parsed if c.name in seen or seen.add(c.name)]
    if duplicates:
        raise InputError(f"`combinations` names {duplicates} more than once")
    return parsed
