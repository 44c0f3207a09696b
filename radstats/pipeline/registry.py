"""The registry of study steps: what a config's ``[steps.NAME]`` tables can ask for.

A step is a function ``step_function(study, *, option=default, ...)`` that reads
and extends a :class:`~radstats.pipeline.study.Study` (its data, models,
tables, figures and methods text). Its keyword-only parameters are the options
a config may set; anything else is an error naming the key. A value must have
the type of the default, or one of an annotated union (``threshold: str | float
= "youden"``). Adding a step is a decorator::

    from radstats.pipeline.registry import step

    @step("variance_filter", title="Variance filter", needs=("features",))
    def variance_filter(study, *, min_sd=0.01):
        ...

Steps whose building blocks live in optional modules import them when they run,
so a study that asks for them gets a clear error naming what is missing.
"""

from __future__ import annotations

import dataclasses
import difflib
import importlib
import inspect
import types
import typing
from typing import Callable

from radstats._core.errors import InputError

OUTCOMES = ("survival", "binary")


@dataclasses.dataclass(frozen=True)
class StepSpec:
    """A registered step: its function, the outcomes it handles and its data flow."""

    name: str
    function: Callable
    title: str
    outcomes: tuple
    needs: tuple
    provides: tuple
    provides_if: dict = dataclasses.field(default_factory=dict)

    def provided(self, options: dict) -> tuple:
        """What the step makes with ``options``: ``provides``, and each resource of
        ``provides_if`` whose option is set."""
        return self.provides + tuple(resource for resource, option in self.provides_if.items()
                                     if options.get(option))

    def options(self) -> dict:
        """Option name -> default, from the function's keyword-only parameters."""
        return {p.name: p.default for p in inspect.signature(self.function).parameters.values()
                if p.kind is inspect.Parameter.KEYWORD_ONLY}

    def option_types(self) -> dict:
        """Option name -> the types a config may give it: the parameter's annotation
        (a union such as ``str | float`` accepts either; ``None`` in it is left out,
        as TOML has no null), else the type of its default (numbers accept int and
        float, lists and tuples either; no check where the default is None or a dict)."""
        hints = typing.get_type_hints(self.function)
        accepted = {}
        for name, default in self.options().items():
            if name in hints:
                hint = hints[name]
                union = typing.get_origin(hint) in (typing.Union, types.UnionType)
                kinds = tuple(t for t in (typing.get_args(hint) if union else (hint,))
                              if t is not type(None))
            elif default is None or isinstance(default, dict):
                continue
            else:
                kinds = (type(default),)
            kinds = tuple(typing.get_origin(t) or t for t in kinds)  # list[str] -> list
            if int in kinds or float in kinds:
                kinds += (int, float)
            if list in kinds or tuple in kinds:
                kinds += (list, tuple)
            accepted[name] = tuple(dict.fromkeys(kinds))
        return accepted


_REGISTRY: dict[str, StepSpec] = {}


def step(name: str, *, title: str, outcomes=OUTCOMES, needs=(), provides=(), provides_if=None):
    """Register ``function`` as the study step ``name`` (decorator).

    Parameters
    ----------
    name : str
        The key used in configs (``[steps.NAME]``).
    title : str
        Section heading in the report.
    outcomes : tuple of {"survival", "binary"}
        Outcome types the step handles; others are a config error.
    needs, provides : tuple of str
        Resources read and made (e.g. ``"feature_set"``, ``"lasso"``, ``"models"``),
        checked in config order before anything runs.
    provides_if : dict, optional
        Resource -> option: made only when that option is set (e.g. ``{"score":
        "use_best"}``).
    """
    unknown = set(outcomes) - set(OUTCOMES)
    if unknown:
        raise ValueError(f"step {name!r}: unknown outcome type(s) {sorted(unknown)}")

    def register(function):
        if name in _REGISTRY:
            raise ValueError(f"a step named {name!r} is already registered")
        for parameter in inspect.signature(function).parameters.values():
            if parameter.kind in (inspect.Parameter.VAR_KEYWORD, inspect.Parameter.VAR_POSITIONAL):
                raise ValueError(f"step {name!r}: options must be named keyword-only parameters")
        _REGISTRY[name] = StepSpec(name, function, title, tuple(outcomes), tuple(needs),
                                   tuple(provides), dict(provides_if or {}))
        return function

    return register


def _load_builtin_steps() -> None:
    importlib.import_module("radstats.pipeline.steps")


def available_steps() -> dict[str, StepSpec]:
    """Every registered step by name."""
    _load_builtin_steps()
    return dict(_REGISTRY)


def get_step(name: str, where: str) -> StepSpec:
    """The step ``name``; ``where`` names the config key in the error when it is unknown."""
    _load_builtin_steps()
    if name in _REGISTRY:
        return _REGISTRY[name]
    close = difflib.get_close_matches(name, list(_REGISTRY), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise InputError(f"{where}: unknown step {name!r}{hint}; available steps: "
                     f"{', '.join(sorted(_REGISTRY))}")
