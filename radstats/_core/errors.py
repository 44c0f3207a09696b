"""Exceptions and warnings raised by radstats.

Every error about user input subclasses :class:`InputError` (itself a
``ValueError``) so callers can catch bad data separately from bugs.
"""


class InputError(ValueError):
    """Bad user input; the message names the column, row or file at fault."""


class ConvergenceWarning(UserWarning):
    """An iterative fit stopped before meeting its convergence criterion."""


class MonotoneLikelihoodWarning(UserWarning):
    """The likelihood kept improving as a coefficient ran off to infinity."""


class EventsPerVariableWarning(UserWarning):
    """Fewer events than estimated terms: the coefficients cannot be trusted."""


class NotApplicableError(InputError):
    """A method that does not apply to these data by design (e.g. stepping back from a
    full Cox model with more features than patients); a screen reports it as ``skipped``,
    not as a failure."""


class EmptyModelError(NotApplicableError):
    """A fit kept no feature (e.g. LASSO's lambda.min at the null model): an empty model."""
