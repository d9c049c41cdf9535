from collections.abc import Iterable

from django import forms

from recruiting import csv_import, services
from recruiting.models import Application, ImportBatch, Job, User
from recruiting.roles import ROLES
from recruiting.textbounds import NOTE_MAX_CHARS, REASON_MAX_CHARS, description_problem
from recruiting.uploads import RefusedFile

REASON_TOO_LONG = {"max_length": f"Keep the reason under {REASON_MAX_CHARS:,} characters."}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one ``<input type=file multiple>``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


RESUME_ACCEPT = ".pdf,.docx,.txt,.md,.html,.htm,.rtf,.png,.jpg,.jpeg,.tif,.tiff,.zip"


class ResumeUploadForm(forms.Form):
    # Empty files are let through so the batch reports them like any other bad file.
    files = MultipleFileField(
        allow_empty_file=True,
        label="Resumes",
        help_text="PDF, DOCX, text, HTML or scans, or a .zip of them.",
        widget=MultipleFileInput(attrs={"multiple": True, "accept": RESUME_ACCEPT}),
    )

    def start_import(
        self, *, job: Job, source: str, by: User, refused: Iterable[RefusedFile] = ()
    ) -> ImportBatch:
        """Import the uploaded files, read from where Django spooled them (memory for small
        ones, temporary files past FILE_UPLOAD_MAX_MEMORY_SIZE), and report the ``refused``
        ones (stopped while they arrived) beside them."""
        return services.resumes_import(
            job=job,
            files=[
                *(
                    services.IncomingFile(name=f.name, data=f)
                    for f in (self.cleaned_data["files"] if self.is_valid() else [])
                ),
                *(services.IncomingFile(name=r.name, refused=r.reason) for r in refused),
            ],
            source=source,
            created_by=by,
        )


class CsvImportForm(forms.Form):
    prefix = "csv"
    csv_file = forms.FileField(
        label="Candidates CSV",
        help_text="Columns: name, email, phone, resume (a file name in the zip, or empty).",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    archive = forms.FileField(
        label="Zip of resumes",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".zip"}),
    )

    def start_import(self, *, job: Job, by: User) -> ImportBatch:
        csv_file, archive = self.cleaned_data["csv_file"], self.cleaned_data.get("archive")
        return csv_import.candidates_import_csv_start(
            job=job,
            csv_name=csv_file.name,
            csv_data=csv_file,
            archive_name=archive.name if archive else "",
            archive_data=archive,
            created_by=by,
        )


class JobForm(forms.ModelForm):
    class Meta:
        model = Job
        fields = [
            "title",
            "location",
            "description",
            "hiring_manager",
            "interviewers",
            "shortlist_size",
            "blind_screening",
            "phone_screen_weight",
            "phone_screen_threshold",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 16})}
        help_texts = {"description": "Paste the job description as posted."}
        error_messages = {
            "title": {"max_length": "Keep the job title under 200 characters."},
            "location": {"max_length": "Keep the location under 200 characters."},
        }

    def clean_description(self):
        description = self.cleaned_data["description"]
        problem = description_problem(description)
        if problem:
            raise forms.ValidationError(problem)
        return description


class BulkActionForm(forms.Form):
    ACTIONS = [
        ("shortlist", "Shortlist"),
        ("screen", "Screen again"),
        ("reject", "Reject"),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    applications = forms.ModelMultipleChoiceField(
        queryset=Application.objects.none(),
        error_messages={
            "required": "Choose at least one candidate.",
            "invalid_choice": "A chosen candidate is no longer on this job; reload the page.",
            "invalid_pk_value": "A chosen candidate is no longer on this job; reload the page.",
        },
    )
    reason = forms.CharField(
        required=False, max_length=REASON_MAX_CHARS, error_messages=REASON_TOO_LONG
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = queryset

    def clean(self):
        data = super().clean()
        if data.get("action") == "reject" and not data.get("reason", "").strip():
            self.add_error("reason", "Say why these candidates are rejected; they may ask.")
        return data


class StageForm(forms.Form):
    prefix = "stage"
    stage = forms.ChoiceField(choices=Application.Stage.choices)
    reason = forms.CharField(
        required=False,
        max_length=REASON_MAX_CHARS,
        error_messages=REASON_TOO_LONG,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("stage") == Application.Stage.REJECTED and not data.get("reason", "").strip():
            self.add_error("reason", "A rejection needs a reason.")
        return data


class NoteForm(forms.Form):
    prefix = "note"
    text = forms.CharField(
        label="Note",
        max_length=NOTE_MAX_CHARS,
        error_messages={"max_length": f"Keep the note under {NOTE_MAX_CHARS:,} characters."},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StaffInviteForm(forms.Form):
    email = forms.EmailField()
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150, required=False)
    role = forms.ChoiceField(choices=[(role, role) for role in ROLES])

    def __init__(self, *args, roles: tuple[str, ...] = ROLES, **kwargs):
        """``roles``: the roles the inviting person may give (``accounts.assignable_roles``)."""
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, role) for role in roles]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("Someone with this email already has an account.")
        return email
