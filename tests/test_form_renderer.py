"""Every select names its empty choice in words: «— Elija —» when a choice is needed, «— Sin elegir —» when not."""

import pytest
from django import forms
from django.utils import translation

from rumbo.accounts.models import User
from rumbo.kpis.forms import KpiForm, ObjectiveForm


class Choices(forms.Form):
    person = forms.ModelChoiceField(queryset=User.objects.none())
    maybe = forms.ModelChoiceField(queryset=User.objects.none(), required=False)
    own = forms.ModelChoiceField(queryset=User.objects.none(), empty_label="Nadie")


@pytest.mark.django_db
def test_an_empty_choice_asks_in_words_and_keeps_its_empty_value():
    html = str(Choices())
    assert '<option value="" selected>— Elija —</option>' in html
    assert '<option value="" selected>— Sin elegir —</option>' in html
    assert '<option value="" selected>Nadie</option>' in html  # a label of its own is kept
    assert "---------" not in html


@pytest.mark.django_db
def test_the_choices_of_model_fields_too_in_the_page_language(cast):
    html = str(KpiForm(coop=cast.coop)) + str(ObjectiveForm(coop=cast.coop))
    assert "— Sin elegir —" in html and "---------" not in html
    with translation.override("en"):
        assert "— None chosen —" in str(ObjectiveForm(coop=cast.coop))
