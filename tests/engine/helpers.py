"""What the engine tests share: the message the engine refuses an input with."""

import pytest

from rumbo.engine.errors import RumboError


def refusal(call, *args, **kwargs) -> str:
    """The message of the RumboError that `call(*args, **kwargs)` must raise."""
    with pytest.raises(RumboError) as error:
        call(*args, **kwargs)
    return str(error.value)
