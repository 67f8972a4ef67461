"""The hypothesis settings every property test shares (a plain module: ``pythonpath``)."""

from hypothesis import HealthCheck, settings

# Derandomised: a property that fails in CI fails the same way on a laptop.
SETTINGS = settings(max_examples=100, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])
