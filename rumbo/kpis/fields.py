"""The column type of every figure Rumbo keeps: a DecimalField whose rows always read, even a figure out of its range.

A figure wider than its column (1E+14 in a max_digits=20, decimal_places=6 column) cannot be
written today, but an older Rumbo or a hand edit left some in SQLite databases, and Django's
SQLite converter raises `decimal.InvalidOperation` on every read of such a row, live or in the
history. This field reads it as None instead (the engine treats it as a missing figure), and
`rumbo.kpis.unreadable` tells pages, exports and `rumbo doctor` which figures those are.
"""

import contextlib
import decimal

from django.db import models
from django.utils.functional import cached_property

SQLITE_DIGITS = decimal.Context(prec=15)  # SQLite keeps a REAL's 15 significant digits, as Django reads them


class FigureField(models.DecimalField):
    """A DecimalField whose out-of-range or non-finite stored figures read as None rather than raising."""

    @cached_property
    def context(self):
        # Django's SQLite converter quantizes every read with this context: without traps, a figure
        # that does not fit becomes NaN instead of raising, and `from_db_value` reads it as None.
        return decimal.Context(prec=self.max_digits, traps=[])

    @cached_property
    def strict_context(self):
        return decimal.Context(prec=self.max_digits)

    def to_python(self, value):
        if isinstance(value, float):  # written values keep Django's trapping conversion
            # What the strict context cannot hold is left to the parent, which refuses it with its usual message.
            with contextlib.suppress(decimal.InvalidOperation):
                value = self.strict_context.create_decimal_from_float(value)
        return super().to_python(value)

    def reads(self, raw) -> bool:
        """Whether `raw`, a value as the database driver returns it, reads as a figure of this column.

        The same test as Django's SQLite converter (15 significant digits, then this column's
        decimal places within `max_digits`), for code that reads rows straight from a cursor.
        """
        if raw is None:
            return True
        if isinstance(raw, bool) or not isinstance(raw, (int, float, decimal.Decimal)):
            return False  # text in a number column: only a hand edit leaves it
        try:
            number = raw if isinstance(raw, decimal.Decimal) else SQLITE_DIGITS.create_decimal_from_float(raw)
            return number.quantize(self.quantum, context=self.strict_context).is_finite()
        except decimal.InvalidOperation:
            return False

    @cached_property
    def quantum(self) -> decimal.Decimal:
        return decimal.Decimal(1).scaleb(-self.decimal_places)

    def from_db_value(self, value, expression, connection):
        if isinstance(value, decimal.Decimal) and not value.is_finite():
            return None  # out of range on SQLite (see `context`), or a NaN kept by PostgreSQL
        return value

    def deconstruct(self):
        # The column is a plain DecimalField: migrations neither see nor need this class.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs
