"""A problem or notice about an uploaded file, located as the user sees it: row 7, column C."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from rumbo.engine.errors import Gettext, RumboError, gettext_noop

_AT_ROW_AND_COLUMN = gettext_noop("Fila %(row)s, columna %(column)s")
_AT_ROW = gettext_noop("Fila %(row)s")
_AT_COLUMN = gettext_noop("Columna %(column)s")


@dataclass(frozen=True)
class Issue:
    """Something to tell the user about a file, a row or a cell; Spanish, translatable."""

    template: str
    params: Mapping[str, object] = field(default_factory=dict)
    row: int | None = None  # row number as the spreadsheet shows it (1 = first row)
    column: str | None = None  # column letter as the spreadsheet shows it ("C")
    header: str | None = None  # the column's name in the header row

    @classmethod
    def from_error(
        cls, error: RumboError, *, row: int | None = None, column: str | None = None, header: str | None = None
    ) -> "Issue":
        return cls(error.template, dict(error.params), row=row, column=column, header=header)

    @property
    def message(self) -> str:
        return self.template % self.params if self.params else self.template

    def translated(self, gettext: Gettext) -> str:
        text = gettext(self.template)
        return text % self.params if self.params else text

    def located(self, gettext: Gettext = lambda text: text) -> str:
        """The message with where it happened: 'Fila 7, columna C (Valor): …'."""
        if self.row is not None and self.column is not None:
            where = gettext(_AT_ROW_AND_COLUMN) % {"row": self.row, "column": self.column}
        elif self.row is not None:
            where = gettext(_AT_ROW) % {"row": self.row}
        elif self.column is not None:
            where = gettext(_AT_COLUMN) % {"column": self.column}
        else:
            return self.translated(gettext)
        if self.header:
            where += f" ({self.header})"
        return f"{where}: {self.translated(gettext)}"

    def __str__(self) -> str:
        return self.located()


def column_letter(index: int) -> str:
    """0 → 'A', 25 → 'Z', 26 → 'AA', as spreadsheets name columns."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
