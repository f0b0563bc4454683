"""The upload form: one file, refused before any parsing when it is over the size limit."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rumbo.imports.services.values import size_error

ACCEPT = ".xlsx,.xlsm,.xls,.ods,.csv,.txt"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Archivo con los valores"),
        help_text=gettext_lazy("Excel (.xlsx, .xls), LibreOffice (.ods) o CSV."),
        error_messages={
            "required": gettext_lazy("Elija el archivo que quiere importar."),
            "empty": gettext_lazy("El archivo está vacío."),
        },
    )

    def __init__(self, *args, too_big: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_big = too_big
        if too_big:
            self.fields["file"].required = False
        limit = settings.RUMBO_UPLOAD_MAX_BYTES
        # rumbo/imports.js reads these to warn before a long upload over a slow connection
        self.fields["file"].widget.attrs.update(
            {"accept": ACCEPT, "data-max-bytes": str(limit), "data-too-big": self.limit_message()}
        )

    @staticmethod
    def limit_message() -> str:
        megabytes = settings.RUMBO_UPLOAD_MAX_BYTES / 1_048_576
        return _("El archivo pesa más de %(limit)s MB, el máximo. Divídalo o suba solo las filas que necesita.") % {
            "limit": f"{megabytes:.0f}" if megabytes >= 1 else f"{megabytes:.2f}".replace(".", ",")
        }

    def clean(self):
        if self.too_big:  # the upload was cut off by UploadLimit: there is no file to look at
            self.add_error("file", self.limit_message())
        return super().clean()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and (error := size_error(upload.name, upload.size)) is not None:
            raise ValidationError(error.translated(_))
        return upload
