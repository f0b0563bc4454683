"""How a page shows a service's refusal on its form: each error under the field it names, the rest above."""

from django import forms
from django.core.exceptions import ValidationError


def apply_errors(form: forms.BaseForm, err: ValidationError) -> None:
    """Show a service's errors on the fields they name, the rest above the form."""
    if hasattr(err, "error_dict"):
        for name, errors in err.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, err)
