"""The validated right-censored survival outcome."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from radstats._core.errors import InputError
from radstats._core.validation import as_float_vector, check_same_length


def _as_event(values) -> np.ndarray:
    array = np.asarray(values)
    if array.dtype == bool:
        return array.reshape(-1)
    numeric = as_float_vector(values, "event")
    bad = ~np.isin(numeric, (0.0, 1.0))
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        hint = ""
        if set(np.unique(numeric)) <= {1.0, 2.0}:
            hint = " (this looks like R's 1 = censored / 2 = event coding: pass `status == 2`)"
        raise InputError(
            f"`event` must be 0/1 or boolean; found {numeric[position]:g} at "
            f"position {position}{hint}"
        )
    return numeric.astype(bool)


@dataclass(frozen=True, eq=False)
class Surv:
    """A right-censored time-to-event outcome, as R's ``Surv(time, event)``.

    Parameters
    ----------
    time : array-like of float
        Follow-up time; finite and non-negative.
    event : array-like of {0, 1} or bool
        1/True where the event was observed, 0/False where the time is censored.
        R's alternative 1/2 coding (``lung$status``) is rejected with a hint:
        pass ``status == 2``.

    Raises
    ------
    InputError
        On NaN/inf or negative times, a length mismatch, event values outside
        {0, 1, False, True}, or no events at all; the message names the row.

    Examples
    --------
    >>> from radstats import Surv
    >>> y = Surv([5.0, 8.0, 12.0], [1, 0, 1])
    >>> y.n_events
    2
    """

    time: np.ndarray
    event: np.ndarray

    def __init__(self, time, event):
        time_array = as_float_vector(time, "time")
        event_array = _as_event(event)
        check_same_length(time=time_array, event=event_array)
        negative = time_array < 0
        if negative.any():
            position = int(np.flatnonzero(negative)[0])
            raise InputError(
                f"`time` must be non-negative; found {time_array[position]:g} at position {position}"
            )
        if not event_array.any():
            raise InputError(
                f"`event` has no events among {len(event_array)} observations (all censored); "
                "survival models and tests need at least one event"
            )
        time_array.flags.writeable = False
        event_array = event_array.copy()
        event_array.flags.writeable = False
        object.__setattr__(self, "time", time_array)
        object.__setattr__(self, "event", event_array)

    def __len__(self) -> int:
        return len(self.time)

    def __getitem__(self, index) -> "Surv":
        """Subset rows (integer positions or a boolean mask), as for cross-validation."""
        return Surv(self.time[index], self.event[index])

    def __repr__(self) -> str:
        return f"Surv(n={len(self)}, events={self.n_events})"

    @property
    def n_events(self) -> int:
        """Number of observed events."""
        return int(self.event.sum())

    def to_structured(self) -> np.ndarray:
        """Return scikit-survival's structured array ``[('event', bool), ('time', float)]``."""
        out = np.empty(len(self), dtype=[("event", bool), ("time", float)])
        out["event"], out["time"] = self.event, self.time
        return out

    @classmethod
    def from_structured(cls, y: np.ndarray) -> "Surv":
        """Build from a scikit-survival structured array (first bool field = event)."""
        names = y.dtype.names or ()
        if len(names) != 2:
            raise InputError("expected a structured array with an event and a time field")
        event_name = next((n for n in names if y.dtype[n].kind == "b"), names[0])
        time_name = next(n for n in names if n != event_name)
        return cls(y[time_name], y[event_name])


def as_surv(y, name: str = "y") -> Surv:
    """Coerce ``y`` to :class:`Surv` (a Surv, or a scikit-survival structured array)."""
    if isinstance(y, Surv):
        return y
    if isinstance(y, np.ndarray) and y.dtype.names:
        return Surv.from_structured(y)
    raise InputError(f"`{name}` must be a radstats.Surv(time, event); got {type(y).__name__}")
