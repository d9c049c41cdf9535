from django import forms

from ai.models import Screening
from ai.scoring.requirements import SENIORITY_LEVELS
from recruiting.models import Application
from recruiting.textbounds import REASON_MAX_CHARS, lines_problem


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class RequirementsForm(forms.Form):
    """The structured requirements as plain lines, one requirement per line."""

    prefix = "requirements"

    must_have = forms.CharField(
        label="Must have",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One requirement per line, e.g. “5+ years of Python”.",
    )
    nice_to_have = forms.CharField(
        label="Nice to have",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    min_years = forms.DecimalField(
        label="Minimum years of experience",
        required=False,
        min_value=0,
        max_value=50,
        decimal_places=1,
    )
    seniority = forms.ChoiceField(
        choices=[(level, level.capitalize()) for level in SENIORITY_LEVELS]
    )
    knockouts = forms.CharField(
        label="Knock-out questions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Yes/no questions a candidate must pass, one per line.",
    )

    @classmethod
    def for_requirements(cls, requirements):
        return cls(
            initial={
                "must_have": "\n".join(r.text for r in requirements.must_have),
                "nice_to_have": "\n".join(r.text for r in requirements.nice_to_have),
                "min_years": requirements.min_years,
                "seniority": requirements.seniority,
                "knockouts": "\n".join(requirements.knockouts),
            }
        )

    def _clean_lines(self, name: str, noun: str = "requirement") -> str:
        value = self.cleaned_data.get(name, "")
        problem = lines_problem(_lines(value), noun=noun)
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean_must_have(self):
        return self._clean_lines("must_have")

    def clean_nice_to_have(self):
        return self._clean_lines("nice_to_have")

    def clean_knockouts(self):
        return self._clean_lines("knockouts", noun="knock-out question")

    def clean(self):
        data = super().clean()
        if not _lines(data.get("must_have", "")) and not _lines(data.get("nice_to_have", "")):
            raise forms.ValidationError("Add at least one requirement.")
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "must_have": _lines(data["must_have"]),
            "nice_to_have": _lines(data["nice_to_have"]),
            "min_years": float(data["min_years"]) if data["min_years"] is not None else None,
            "seniority": data["seniority"],
            "knockouts": _lines(data["knockouts"]),
        }


class OverrideForm(forms.Form):
    prefix = "override"  # shares the candidate page with other forms: unique ids
    rank = forms.IntegerField(required=False, min_value=1, label="Rank")
    recommendation = forms.ChoiceField(
        required=False,
        label="Recommendation",
        choices=[("", "Keep the AI's"), *Application.Recommendation.choices],
    )
    reason = forms.CharField(
        max_length=REASON_MAX_CHARS,
        label="Why",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": f"Keep the reason under {REASON_MAX_CHARS:,} characters."},
    )
    clear = forms.BooleanField(required=False, label="Remove my override instead")


class FeedbackForm(forms.Form):
    verdict = forms.ChoiceField(choices=Screening.Feedback.choices, widget=forms.HiddenInput)
    corrected_score = forms.DecimalField(
        required=False, min_value=0, max_value=100, decimal_places=2, label="Your score (optional)"
    )
    note = forms.CharField(
        required=False,
        max_length=REASON_MAX_CHARS,
        error_messages={"max_length": f"Keep the note under {REASON_MAX_CHARS:,} characters."},
        label="Why (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class QuestionEditForm(forms.Form):
    """HR's rewording of one phone-screen question, before a call asks it."""

    question = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    text = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    follow_ups = forms.CharField(
        label="Follow-ups",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One per line.",
    )
    expected_keywords = forms.CharField(
        label="Listens for",
        required=False,
        max_length=1000,
        help_text="Words a good answer mentions, separated by commas.",
    )

    def __init__(self, *args, job, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = job.screening_questions.current()
        self.fields["question"].error_messages["invalid_choice"] = (
            "That question is no longer on this job; reload the page."
        )

    @classmethod
    def for_question(cls, question):
        form = cls(
            job=question.job,
            initial={
                "question": question.pk,
                "text": question.text,
                "follow_ups": "\n".join(question.follow_ups),
                "expected_keywords": ", ".join(question.expected_keywords),
            },
            auto_id=f"id_q{question.pk}_%s",  # one form per question on the page: unique ids
        )
        return form

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "follow_ups": _lines(data["follow_ups"]),
            "expected_keywords": [k for k in data["expected_keywords"].split(",") if k.strip()],
        }
