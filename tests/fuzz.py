"""How many examples a property test draws: Hypothesis' default in `make test`, four times more in `make fuzz`.

`make fuzz` runs the property tests alone with the `fuzz` profile (`--hypothesis-profile=fuzz`, or
RUMBO_HYPOTHESIS_PROFILE=fuzz in the environment). A test never names a count above the default: one
whose examples are dear (a page, a command) asks for fewer through `examples()`, which the profile scales.
"""

import os

from hypothesis import HealthCheck, settings

DEFAULT = settings.get_profile("default").max_examples  # Hypothesis' own default
FUZZ_FACTOR = 4  # CI runs it after both suites: about three minutes on two cores

# Property tests check what the code answers, never how fast: on a busy machine (CI, or the two
# workers of a parallel `make test` sharing two cores) a slow draw or example is the machine, not a bug.
# A test's own @settings still wins for the fields it names.
settings.register_profile("rumbo", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", settings.get_profile("rumbo"), max_examples=DEFAULT * FUZZ_FACTOR)


def load_profile() -> None:
    settings.load_profile(os.environ.get("RUMBO_HYPOTHESIS_PROFILE", "rumbo"))


def examples(count: int) -> int:
    """`count` examples (at most the default) in `make test`, scaled as the loaded profile scales the default."""
    return max(min(count, DEFAULT) * settings.default.max_examples // DEFAULT, 1)


def fuzzing() -> bool:
    """True under the fuzz profile: a test whose one example costs seconds may then draw bigger ones."""
    return settings.default.max_examples > DEFAULT
