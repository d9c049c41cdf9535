"""HR's forms on a phone screen: agree or disagree with its score, and override it."""

from django import forms

from recruiting.textbounds import REASON_MAX_CHARS
from voice.models import PhoneScreen


class PhoneScreenFeedbackForm(forms.Form):
    verdict = forms.ChoiceField(choices=PhoneScreen.Feedback.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        required=False,
        max_length=REASON_MAX_CHARS,
        error_messages={"max_length": f"Keep the note under {REASON_MAX_CHARS:,} characters."},
        label="Why (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PhoneScreenOverrideForm(forms.Form):
    score = forms.DecimalField(
        required=False, min_value=0, max_value=100, decimal_places=2, label="Phone score"
    )
    reason = forms.CharField(
        max_length=REASON_MAX_CHARS,
        label="Why",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": f"Keep the reason under {REASON_MAX_CHARS:,} characters."},
    )
    clear = forms.BooleanField(required=False, label="Remove my override instead")
