"""The learner registry: learner name -> a factory of unfitted estimators.

Built-in survival learners come from :mod:`radstats.screen.learners`
(``make_learner``), built-in binary learners from
:mod:`radstats.screen.binary_learners`. Users add or replace learners with
:func:`register_learner` (for the whole session) or with the ``learners=``
argument of the screens (for one call). A factory is called as
``factory(random_state=seed)`` and must return an unfitted scikit-learn-style
estimator; an estimator instance may be given instead and is cloned, with its
``random_state`` set when it has one.

A survival estimator has ``fit(X: DataFrame, y: Surv)`` and ``predict(X)``
returning a risk (higher = worse). A selector also exposes
``selected_features_`` (a list of column names) after ``fit``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sklearn.base import clone

from radstats._core.errors import InputError
from radstats.screen.combinations import resolve_combinations

KINDS = ("survival", "binary")
_REGISTERED: dict[tuple[str, str], object] = {}


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise InputError(f"`kind` must be one of {KINDS}, got {kind!r}")


def register_learner(name: str, factory, kind: str = "survival") -> None:
    """Make ``name`` usable in combinations (replacing a built-in of that name).

    Parameters
    ----------
    name : str
        The learner's name as written in combinations, e.g. ``"MyCox"`` or
        ``"Enet[α=0.5]"`` (the exact text).
    factory : callable or estimator
        ``factory(random_state=seed)`` returning an unfitted estimator, or an
        estimator to clone.
    kind : {"survival", "binary"}
        Which screen the learner belongs to.

    Notes
    -----
    A learner whose fit raises :class:`~radstats.screen.NotApplicableError`
    (or its :class:`~radstats.screen.EmptyModelError`, "kept 0 features") is
    reported ``skipped`` with that message; any other exception is ``failed``.

    Examples
    --------
    >>> from radstats.survival import CoxPH
    >>> register_learner("Cox", lambda random_state=None: CoxPH())
    >>> unregister_learner("Cox")
    """
    _check_kind(kind)
    if not isinstance(name, str) or not name or " + " in name:
        raise InputError(f"a learner name must be a non-empty string without ' + ', got {name!r}")
    if not callable(factory) and not hasattr(factory, "fit"):
        raise InputError(f"learner {name!r}: `factory` must be callable or an estimator")
    _REGISTERED[(kind, name)] = factory


def unregister_learner(name: str, kind: str = "survival") -> None:
    """Remove a learner added with :func:`register_learner`."""
    _check_kind(kind)
    if _REGISTERED.pop((kind, name), None) is None:
        raise InputError(f"no {kind} learner {name!r} was registered")


@dataclass(frozen=True)
class LearnerFactory:
    """A picklable recipe for one learner, sent to the parallel workers."""

    name: str
    kind: str
    custom: object = None  # a user factory or estimator; None for a built-in
    options: dict = field(default_factory=dict)  # keyword options of a built-in

    def __call__(self, random_state=None):
        if self.custom is None:
            return _builtin(self.kind)[0](self.name, random_state=random_state, **self.options)
        if hasattr(self.custom, "fit"):
            estimator = clone(self.custom)
            if "random_state" in estimator.get_params():
                estimator.set_params(random_state=random_state)
            return estimator
        return self.custom(random_state=random_state)


def _builtin(kind: str):
    """``(make_learner, selector names)`` of the built-in learners of ``kind``."""
    if kind == "survival":
        try:
            from radstats.screen.learners import SELECTORS, make_learner
        except ImportError:  # the learners package is optional in a partial install
            return None, ()
        return make_learner, tuple(SELECTORS)
    from radstats.screen.binary_learners import SELECTORS, make_learner

    return make_learner, tuple(SELECTORS)


def learner_factory(name: str, kind: str, overrides=None, options=None) -> LearnerFactory:
    """The factory for ``name``: ``overrides`` first, then registered, then built-in.

    A built-in name is checked by building (not fitting) one estimator, so a
    misspelt or unknown learner fails before anything is fitted.
    """
    _check_kind(kind)
    custom = (overrides or {}).get(name, _REGISTERED.get((kind, name)))
    if custom is not None:
        if not callable(custom) and not hasattr(custom, "fit"):
            raise InputError(f"learner {name!r}: expected a factory or an estimator, "
                             f"got {type(custom).__name__}")
        return LearnerFactory(name, kind, custom)
    make, _ = _builtin(kind)
    if make is None:
        raise InputError(f"unknown {kind} learner {name!r}: the built-in learners "
                         "(radstats.screen.learners) are not available and none is registered "
                         "under that name")
    options = dict(options or {})
    try:
        make(name, **options)
    except (InputError, KeyError, ValueError) as exc:
        raise InputError(f"unknown or invalid {kind} learner {name!r}: {exc}") from None
    return LearnerFactory(name, kind, None, options)


def builtin_selectors(kind: str) -> tuple[str, ...]:
    """Names of the built-in learners that can select features."""
    return _builtin(kind)[1]


def build_factories(combinations, kind: str, learners=None, options=None):
    """Parse the combinations and build one factory per learner name, checked up front.

    Returns ``(combinations, {learner name: LearnerFactory})``. A built-in
    learner used as a selector must be one of the built-in selectors.
    """
    parsed = resolve_combinations(combinations)
    selectors = builtin_selectors(kind)
    families = {name.split("[")[0] for name in selectors}  # "StepCox" covers StepCox[both]
    overrides = dict(learners or {})
    factories = {}
    for c in parsed:
        for name in filter(None, (c.selector, c.learner)):
            if name not in factories:
                factories[name] = learner_factory(name, kind, overrides, options)
        if c.selector is not None and factories[c.selector].custom is None and \
                c.selector not in selectors and c.selector.split("[")[0] not in families:
            raise InputError(f"combination {c.name!r}: {c.selector} is not a feature selector "
                             f"(selectors: {', '.join(selectors) or 'none'})")
    return parsed, factories
