"""Errors the engine raises, with a Spanish message that the app can translate.

Messages are written in Spanish (the source language of every catalogue) and marked with
`gettext_noop`, so `makemessages` collects them while the engine stays free of Django.
The app shows `err.translated(gettext)`; the CLI and logs show `str(err)`.
"""

from collections.abc import Callable

Gettext = Callable[[str], str]
"""What the app passes to translate a message: Django's `gettext`, or the identity."""


def gettext_noop(message: str) -> str:
    return message


class RumboError(ValueError):
    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template % params if params else template)

    def translated(self, gettext: Gettext) -> str:
        text = gettext(self.template)
        return text % self.params if self.params else text
