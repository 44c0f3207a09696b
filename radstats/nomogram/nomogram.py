"""Nomograms: points scales read off a fitted linear model, as rms::nomogram."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pandas as pd

from radstats._core.cards import read_card, write_card
from radstats._core.errors import InputError
from radstats._core.validation import as_float_vector, as_frame
from radstats.logistic import Logit
from radstats.nomogram.pretty import r_pretty
from radstats.survival import CoxPH


def _axis_values(series: pd.Series, n_ticks: int, n_unique: int) -> np.ndarray:
    """rms's datadist rule: all values when there are at most ``n_unique``,
    else ``pretty(range(x), n_ticks)``."""
    values = np.unique(series.to_numpy(dtype=float))
    if len(values) <= n_unique:
        return values
    return r_pretty(values[0], values[-1], n_ticks)


@dataclasses.dataclass(frozen=True, repr=False)
class Nomogram:
    """Points for each predictor value, summed to a total that maps to the prediction.

    Attributes
    ----------
    axes : dict
        Predictor -> DataFrame ``value, points`` (the ticks drawn on its axis).
    scale : float
        Points per unit of linear predictor.
    intercept : float
        Linear predictor at 0 total points (for Cox: centred as ``predict``).
    model : CoxPH or Logit
    """

    axes: dict
    scale: float
    intercept: float
    model: object
    meta: dict = dataclasses.field(default_factory=dict)

    @classmethod
    def from_model(cls, fitted, X, max_points: float = 100, n_ticks: int = 10,
                   n_unique: int = 10) -> "Nomogram":
        """Build the nomogram of a fitted :class:`CoxPH` or :class:`Logit`.

        Parameters
        ----------
        fitted : CoxPH or Logit
            A fitted model.
        X : DataFrame
            The data whose ranges set each axis (normally the training data).
        max_points : float, default 100
            Points given to the predictor with the widest range of X beta.
        n_ticks : int, default 10
            ``pretty()``'s target number of intervals on continuous axes.
        n_unique : int, default 10
            Numeric predictors with at most this many distinct values get one
            tick per value (datadist's ``n.unique``).

        Notes
        -----
        Matches ``rms::nomogram(fit, maxscale = 100, nint = 10)`` with a
        ``datadist`` of the same data (rms 6.5-0): axis values from R's
        ``pretty()`` over each variable's range (or all values of discrete
        ones), points ``(x beta - min x beta) * 100 / widest range``; points and
        the linear-predictor scale agree to 1e-6.

        Examples
        --------
        >>> import pandas as pd
        >>> from radstats.logistic import Logit
        >>> X = pd.DataFrame({"age": [40, 50, 60, 70, 45, 55, 65, 75, 52, 68, 41, 73],
        ...                   "stage": pd.Categorical(list("ABABABABABAB"))})
        >>> fit = Logit().fit(X, [0, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1])
        >>> nom = Nomogram.from_model(fit, X)
        >>> nom.axes["age"]["value"].tolist()[:3]
        [40.0, 45.0, 50.0]
        """
        if not isinstance(fitted, (CoxPH, Logit)) or not hasattr(fitted, "result_"):
            raise InputError("from_model needs a fitted CoxPH or Logit")
        frame = as_frame(X)
        coef = fitted.coef_
        contributions = {}
        for column in fitted.design_.columns:
            if column.name not in frame.columns:
                raise InputError(f"X lacks the model's column {column.name!r}")
            if column.levels is None:
                values = _axis_values(frame[column.name], n_ticks, n_unique)
                xb = coef[column.name] * values
            else:
                values = np.array(column.levels, dtype=object)
                xb = np.r_[0.0, [coef[t] for t in column.terms]]
            contributions[column.name] = (values, xb)
        widest = max(xb.max() - xb.min() for _, xb in contributions.values())
        if widest <= 0:
            raise InputError("every coefficient is zero: the nomogram has no scale")
        scale = max_points / widest
        axes = {name: pd.DataFrame({"value": values, "points": (xb - xb.min()) * scale})
                for name, (values, xb) in contributions.items()}
        base = sum(xb.min() for _, xb in contributions.values())
        if isinstance(fitted, Logit):
            intercept = coef["(Intercept)"] + base
        else:
            intercept = base - float(fitted.means_ @ coef)
        return cls(axes, scale, intercept, fitted, meta={
            "max_points": max_points, "n_ticks": n_ticks, "kind": type(fitted).__name__,
            "minimum_xb": {name: float(xb.min()) for name, (_, xb) in contributions.items()}})

    def points(self, variable: str, values) -> np.ndarray:
        """Points of ``variable`` at ``values`` (any value for numeric predictors)."""
        if variable not in self.axes:
            raise InputError(f"{variable!r} is not a predictor of this nomogram: {list(self.axes)}")
        column = next(c for c in self.model.design_.columns if c.name == variable)
        if column.levels is None:
            x = as_float_vector(np.atleast_1d(values), variable)
            xb = self.model.coef_[variable] * x
        else:
            design = pd.Series(np.atleast_1d(values)).astype(str)
            unknown = sorted(set(design) - set(column.levels))
            if unknown:
                raise InputError(f"{variable!r} has no level(s) {unknown} (levels: {list(column.levels)})")
            level_xb = dict(zip(column.levels, np.r_[0.0, [self.model.coef_[t] for t in column.terms]]))
            xb = design.map(level_xb).to_numpy(float)
        return (xb - self.meta["minimum_xb"][variable]) * self.scale

    def total_points(self, X) -> np.ndarray:
        """Total points of each row of ``X``."""
        frame = as_frame(X)
        return sum(self.points(name, frame[name]) for name in self.axes)

    def linear_predictor(self, total_points) -> np.ndarray:
        """The linear predictor at ``total_points`` (Cox: centred, as ``predict``)."""
        return self.intercept + as_float_vector(np.atleast_1d(total_points), "total_points") / self.scale

    def predict(self, total_points, times=None, kind: str = "survival"):
        """The prediction at ``total_points``.

        Logistic: probability of the event (1-D array). Cox: a DataFrame (rows:
        total points, columns: ``times``) of survival probabilities, or of event
        probabilities ``1 - S`` with ``kind="event"``, as ``survfit.coxph``.

        Notes
        -----
        Matches the read-out axes of ``rms::nomogram(fit, fun = , fun.lp.at = )``
        (rms 6.5-0) with ``fun = plogis`` (``lrm``) or ``Survival(fit)(t, lp)``
        (``cph``, e.g. at 3, 6, 9 and 12 months): the value at each axis
        position, and the prediction at a patient's total points, to 1e-6.
        """
        lp = self.linear_predictor(total_points)
        if isinstance(self.model, Logit):
            return 1 / (1 + np.exp(-lp))
        if times is None:
            raise InputError("a Cox nomogram needs `times` for its survival read-out")
        if kind not in ("survival", "event"):
            raise InputError(f"`kind` must be 'survival' or 'event', got {kind!r}")
        hazard = self.model.cumulative_baseline_hazard(times)
        surv = np.exp(-np.outer(np.exp(lp), hazard))
        return pd.DataFrame(surv if kind == "survival" else 1 - surv,
                            index=pd.Index(np.atleast_1d(total_points), name="total_points"),
                            columns=np.atleast_1d(times).astype(float))

    def plot(self, times=None, kind: str = "survival", labels: dict | None = None, ax=None):
        """Draw the nomogram as ``rms::plot.nomogram``; see
        :class:`radstats.plots.NomogramDisplay` (matplotlib is imported here).

        Returns
        -------
        NomogramDisplay
            Drawn; ``.savefig(path)`` writes PNG, PDF or SVG.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> import pandas as pd
        >>> from radstats.logistic import Logit
        >>> X = pd.DataFrame({"age": [40, 50, 60, 70, 45, 55, 65, 75, 52, 68, 41, 73],
        ...                   "stage": pd.Categorical(list("ABABABABABAB"))})
        >>> nom = Nomogram.from_model(Logit().fit(X, [0, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1]), X)
        >>> list(nom.plot().rows_)
        ['Points', 'age', 'stage', 'Total Points', 'Linear Predictor', 'Probability of event']
        >>> nom.plot().savefig("nomogram.png")  # doctest: +SKIP
        """
        from radstats.plots.nomogram import NomogramDisplay

        return NomogramDisplay(self, times=times, kind=kind, labels=labels).plot(ax=ax)

    # ------------------------------------------------------------ model card
    def to_json(self, path=None) -> str:
        """A model card: each axis (values and their points), the points scale, the
        read-out's intercept and the fitted model's own card, as readable JSON
        (also written to ``path`` if given); :meth:`from_json` reloads it.

        Examples
        --------
        >>> import pandas as pd
        >>> from radstats.logistic import Logit
        >>> X = pd.DataFrame({"age": [40, 50, 60, 70, 45, 55, 65, 75, 52, 68, 41, 73],
        ...                   "stage": pd.Categorical(list("ABABABABABAB"))})
        >>> nom = Nomogram.from_model(Logit().fit(X, [0, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1]), X)
        >>> again = Nomogram.from_json(nom.to_json())
        >>> bool((again.total_points(X) == nom.total_points(X)).all())
        True
        """
        model_card = json.loads(self.model.to_json())
        card = {
            "model": "Nomogram",
            "r_call": f"rms::nomogram(fit, maxscale = {self.meta['max_points']:g}, "
                      f"nint = {self.meta['n_ticks']}) with options(datadist = datadist(d)); "
                      f"fit: {model_card['r_call']}",
            "kind": self.meta["kind"],
            "points_per_unit_lp": self.scale,
            "lp_at_zero_points": self.intercept,
            "max_points": self.meta["max_points"],
            "n_ticks": self.meta["n_ticks"],
            "axes": {name: {"value": axis["value"].tolist(), "points": axis["points"].tolist(),
                            "min_xb": self.meta["minimum_xb"][name]}
                     for name, axis in self.axes.items()},
            "fitted_model": model_card,
        }
        return write_card(card, path)

    @classmethod
    def from_json(cls, source) -> "Nomogram":
        """Rebuild a nomogram (and its fitted model) from :meth:`to_json` text or a
        file path; JSON only, no pickle."""
        card = read_card(source, "Nomogram")
        loader = {"CoxPH": CoxPH, "Logit": Logit}.get(card["kind"])
        if loader is None:
            raise InputError(f"a Nomogram card's model must be CoxPH or Logit, got {card['kind']!r}")
        model = loader.from_json(json.dumps(card["fitted_model"]))
        axes = {name: pd.DataFrame({"value": np.array(axis["value"], dtype=object
                                                      if any(isinstance(v, str) for v in axis["value"])
                                                      else float),
                                    "points": np.asarray(axis["points"], dtype=float)})
                for name, axis in card["axes"].items()}
        return cls(axes, card["points_per_unit_lp"], card["lp_at_zero_points"], model, meta={
            "max_points": card["max_points"], "n_ticks": card["n_ticks"], "kind": card["kind"],
            "minimum_xb": {name: axis["min_xb"] for name, axis in card["axes"].items()},
            "from_card": True})

    def __repr__(self) -> str:
        lines = [f"Nomogram({self.meta['kind']}, {len(self.axes)} predictors, "
                 f"{self.scale:.4g} points per unit of linear predictor)"]
        for name, axis in self.axes.items():
            lines.append(f"  {name}: {axis['points'].max():.1f} points")
        return "\n".join(lines)
