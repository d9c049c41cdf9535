"""CSV import of candidates: the upload is stored, the worker step reads it row by row.

Each test goes through ``candidates_import_csv_start`` and runs the on-commit callbacks,
so the worker step (and the extraction chain of any resume a row names) runs as it would
in the worker.
"""

import io
import zipfile
from pathlib import Path

import pytest
from celery.exceptions import SoftTimeLimitExceeded

from recruiting import csv_import, services, tasks
from recruiting.models import (
    Application,
    Candidate,
    Event,
    ImportBatch,
    PossibleDuplicate,
    Resume,
)
from tests.factories import CandidateFactory, JobFactory

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).resolve().parents[2] / "recruiting" / "demo" / "resumes"
MAYA_PDF = DEMO / "01-maya-okafor.pdf"
HEADER = "name,email,phone,resume\n"


@pytest.fixture
def job():
    return JobFactory()


@pytest.fixture
def run_csv(django_capture_on_commit_callbacks, job):
    """Start an import onto ``job`` and run the worker step (and what it queues)."""

    def run(csv_data, *, archive=None, target=None):
        if isinstance(csv_data, str):
            csv_data = csv_data.encode()
        with django_capture_on_commit_callbacks(execute=True):
            batch = csv_import.candidates_import_csv_start(
                job=target or job,
                csv_name="candidates.csv",
                csv_data=csv_data,
                archive_name="resumes.zip" if archive is not None else "",
                archive_data=archive,
            )
        batch.refresh_from_db()
        return batch

    return run


def by_row(batch) -> dict[int, dict]:
    return {line["row"]: line for line in batch.report}


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _xlsx() -> bytes:
    """The bytes of an Excel workbook, as a recruiter who picked the wrong file uploads."""
    return _zip(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
            "xl/workbook.xml": b'<?xml version="1.0"?><workbook/>',
            "xl/worksheets/sheet1.xml": b'<?xml version="1.0"?><worksheet/>',
        }
    )


# --- Rows: created, merged, rejected -------------------------------------------------------


def test_each_row_is_created_merged_or_rejected_with_a_reason(run_csv, job):
    ana = CandidateFactory(name="Ana Silva", email="ana.silva@example.com", phone="")
    bo = CandidateFactory(name="Bo Chen", email="", phone="+14155550123")
    batch = run_csv(
        HEADER + "Jordan Lee,jordan.lee@example.com,(415) 555-0100,\n"
        "Ana S.,ANA.Silva@Example.COM,+44 20 7946 0958,\n"
        "Bo Chen,bo.chen@example.com,415.555.0123,\n"
        "Bad Email,not-an-email,,\n"
        "Short Phone,,12345,\n"
        "Wordy Phone,,not a phone,\n"
        ",nobody@example.com,,\n"
        "No Contact,,,\n"
    )
    assert batch.status == ImportBatch.Status.DONE
    assert batch.error == ""
    rows = by_row(batch)
    assert sorted(rows) == [2, 3, 4, 5, 6, 7, 8, 9]

    jordan = Candidate.objects.get(email="jordan.lee@example.com")
    assert rows[2]["outcome"] == "created"
    assert rows[2]["candidate"] == jordan.pk
    assert (jordan.name, jordan.phone) == ("Jordan Lee", "+14155550100")

    # The same email in another case is the same person; missing details are filled in,
    # known ones (the name HR may have corrected) are kept.
    assert rows[3]["outcome"] == "merged"
    assert rows[3]["candidate"] == ana.pk
    assert rows[3]["reason"] == (
        "Already a candidate with this email address; added the phone number."
    )
    ana.refresh_from_db()
    assert (ana.name, ana.email, ana.phone) == (
        "Ana Silva",
        "ana.silva@example.com",
        "+442079460958",
    )

    # The same phone written another way is the same person too.
    assert rows[4]["outcome"] == "merged"
    assert rows[4]["candidate"] == bo.pk
    assert rows[4]["reason"] == (
        "Already a candidate with this phone number; added the email address."
    )
    bo.refresh_from_db()
    assert bo.email == "bo.chen@example.com"

    assert rows[5] == {
        "row": 5,
        "name": "Bad Email",
        "email": "not-an-email",
        "outcome": "rejected",
        "reason": "“not-an-email” is not a valid email address.",
        "candidate": None,
    }
    assert rows[6]["reason"] == "“12345” is not a valid phone number."
    assert rows[7]["reason"] == "“not a phone” is not a phone number."
    assert rows[8]["reason"] == "The row has no name."
    assert rows[9]["reason"] == "The row has neither an email address nor a phone number."
    assert all(rows[n]["outcome"] == "rejected" for n in (5, 6, 7, 8, 9))

    # Rejected rows left nothing behind; every accepted one applied to the batch's job once.
    assert Candidate.objects.count() == 3
    assert set(Application.objects.filter(job=job).values_list("candidate", flat=True)) == {
        jordan.pk,
        ana.pk,
        bo.pk,
    }
    applied = Event.objects.filter(kind=Event.Kind.APPLIED)
    assert sorted(applied.values_list("candidate", flat=True)) == sorted([jordan.pk, ana.pk, bo.pk])


def test_a_row_matching_two_differently_named_candidates_is_merged_into_neither(run_csv):
    # Issue 9: names decide. Contact details that match people of other names make a new
    # candidate and a possible duplicate with each, for a recruiter to resolve.
    one = CandidateFactory(name="Alex Kim", email="one@example.com", phone="")
    two = CandidateFactory(name="Priya Raman", email="two@example.com", phone="+14155550123")
    batch = run_csv(HEADER + "Someone Else,one@example.com,(415) 555-0123,\n")
    (row,) = batch.report
    assert row["outcome"] == "created"
    assert row["candidate"] not in (one.pk, two.pk)
    assert "possibly the same person as Alex Kim" in row["reason"]
    assert row["public"] == {"outcome": "created", "reason": ""}
    assert set(
        PossibleDuplicate.objects.filter(candidate=row["candidate"]).values_list(
            "existing", "matched_on"
        )
    ) == {(one.pk, "email"), (two.pk, "phone")}
    assert Application.objects.get().candidate_id == row["candidate"]


def test_a_row_whose_email_and_phone_name_two_agreeing_candidates_joins_the_email_one(run_csv):
    by_email = CandidateFactory(name="Jordan Lee", email="jordan@example.com", phone="")
    by_phone = CandidateFactory(name="J. Lee", email="", phone="+14155550123")
    batch = run_csv(HEADER + "Jordan Lee,jordan@example.com,(415) 555-0123,\n")
    (row,) = batch.report
    assert (row["outcome"], row["candidate"]) == ("merged", by_email.pk)
    duplicate = PossibleDuplicate.objects.get()
    assert (duplicate.existing, duplicate.candidate, duplicate.matched_on) == (
        by_email,
        by_phone,
        "phone",
    )


def test_duplicate_rows_in_the_file_are_rejected_naming_the_first(run_csv, job):
    batch = run_csv(
        HEADER + "Jordan Lee,jordan.lee@example.com,(415) 555-0100,\n"
        "Jordan Lee,jordan.lee@example.com,(415) 555-0100,\n"
        "J. Lee,JORDAN.LEE@example.com,,\n"
        "Jordan,,+1 415 555 0100,\n"
        "Sam Park,sam.park@example.com,,\n"
    )
    rows = by_row(batch)
    assert rows[2]["outcome"] == "created"
    for number in (3, 4, 5):
        assert rows[number]["outcome"] == "rejected"
        assert "row 2" in rows[number]["reason"]
    assert rows[6]["outcome"] == "created"
    assert Candidate.objects.count() == 2
    assert Application.objects.filter(job=job).count() == 2


def test_rows_go_on_after_a_rejected_one_and_reject_the_same_person_once(run_csv):
    """A rejected row does not count as "seen": a later valid row for them is imported."""
    batch = run_csv(
        HEADER + "Jordan Lee,jordan.lee@example.com,12345,\n"
        "Jordan Lee,jordan.lee@example.com,(415) 555-0100,\n"
    )
    rows = by_row(batch)
    assert rows[2]["outcome"] == "rejected"
    assert rows[3]["outcome"] == "created"


def test_a_candidate_already_applied_to_the_job_keeps_one_application(run_csv, job):
    known = CandidateFactory(name="Known", email="known@example.com")
    Application.objects.create(candidate=known, job=job)
    other_job = JobFactory(title="Data Engineer")
    batch = run_csv(HEADER + "Known,known@example.com,,\n")
    assert batch.report[0]["outcome"] == "merged"
    assert Application.objects.filter(candidate=known, job=job).count() == 1
    assert not known.events.filter(kind=Event.Kind.APPLIED).exists()

    # Imported onto another job, the same person applies there as well.
    run_csv(HEADER + "Known,known@example.com,,\n", target=other_job)
    assert set(known.applications.values_list("job", flat=True)) == {job.pk, other_job.pk}


def test_a_row_with_more_values_than_columns_is_rejected_with_the_likely_cause(run_csv):
    batch = run_csv(
        HEADER + "Lee, Jordan,jordan.lee@example.com,(415) 555-0100,\n"
        "Park, Sam,sam.park@example.com,(415) 555-0101,sam.pdf\n"
        '"Kim, Alex",alex.kim@example.com,,\n'
        "Trailing Comma,trailing@example.com,,,\n"
    )
    rows = by_row(batch)
    # The shifted values fail on their own; the reason says why they shifted.
    assert rows[2]["outcome"] == "rejected"
    assert rows[2]["reason"].startswith("“Jordan” is not a valid email address.")
    assert "5 values but the header has 4 columns" in rows[2]["reason"]
    assert "double quotes" in rows[2]["reason"]
    # A value past the last column is never silently dropped.
    assert rows[3]["outcome"] == "rejected"
    assert rows[3]["reason"].startswith("The row has 5 values but the header has 4 columns")
    assert rows[4]["outcome"] == "created"
    assert rows[5]["outcome"] == "created"  # an empty value after the last column is harmless
    assert set(Candidate.objects.values_list("name", flat=True)) == {"Kim, Alex", "Trailing Comma"}


def test_values_too_long_for_a_candidate_are_rejected_not_truncated_or_crashing(run_csv):
    long_name = "N" * 201
    long_email = "a" * 64 + "@" + ".".join(["d" * 60] * 4) + ".com"
    batch = run_csv(
        HEADER + f"{long_name},long.name@example.com,,\n"
        f"Long Email,{long_email},,\n"
        "Fine,fine@example.com,,\n"
    )
    rows = by_row(batch)
    assert rows[2]["outcome"] == "rejected" and "200 characters" in rows[2]["reason"]
    assert rows[3]["outcome"] == "rejected" and "email" in rows[3]["reason"]
    assert rows[4]["outcome"] == "created"
    assert Candidate.objects.count() == 1


def test_row_numbers_are_the_spreadsheet_rows_even_with_line_breaks_in_a_cell(run_csv):
    batch = run_csv(
        "name,email,phone,resume,notes\n"
        'Jordan Lee,jordan.lee@example.com,,,"Met at the fair.\nFollow up in May."\n'
        "\n"
        "Bad Email,not-an-email,,,\n"
    )
    rows = by_row(batch)
    # Row 2 is Jordan (two lines of text), row 3 the blank one, row 4 the bad email.
    assert rows[2]["outcome"] == "created"
    assert rows[4]["outcome"] == "rejected"
    assert sorted(rows) == [2, 4]


# --- Encodings and dialects ---------------------------------------------------------------


def test_latin_1_is_read_without_mangling_names(run_csv):
    batch = run_csv((HEADER + "José Núñez,jose.nunez@example.com,,\n").encode("latin-1"))
    assert batch.report[0]["outcome"] == "created"
    assert Candidate.objects.get().name == "José Núñez"


def test_windows_1252_curly_quotes_are_read(run_csv):
    batch = run_csv((HEADER + "Seán O’Brien,sean@example.com,,\n").encode("cp1252"))
    assert batch.report[0]["outcome"] == "created"
    assert Candidate.objects.get().name == "Seán O’Brien"


def test_utf8_with_a_bom_still_recognises_the_header(run_csv):
    batch = run_csv((HEADER + "Zoë Müller,zoe@example.com,,\n").encode("utf-8-sig"))
    assert batch.status == ImportBatch.Status.DONE
    assert batch.report[0]["outcome"] == "created"
    assert Candidate.objects.get().name == "Zoë Müller"


def test_utf16_tab_separated_from_excel_is_read(run_csv):
    # Excel's "Unicode Text" export: UTF-16 with a BOM, tab-separated, CRLF line ends.
    text = "name\temail\tphone\tresume\r\nJosé Núñez\tjose@example.com\t(415) 555-0100\t\r\n"
    batch = run_csv(text.encode("utf-16"))
    assert batch.status == ImportBatch.Status.DONE
    assert batch.report[0]["outcome"] == "created"
    candidate = Candidate.objects.get()
    assert (candidate.name, candidate.phone) == ("José Núñez", "+14155550100")


def test_semicolon_separated_with_commas_inside_values(run_csv):
    # What Excel writes where the comma is the decimal separator.
    text = (
        "Name;Email;Phone;Resume\n"
        "Núñez, José;jose@example.com;+34 612 34 56 78;\n"
        "Ana Silva;ana@example.com;;\n"
    )
    batch = run_csv(text.encode("cp1252"))
    assert [row["outcome"] for row in batch.report] == ["created", "created"]
    jose = Candidate.objects.get(email="jose@example.com")
    assert (jose.name, jose.phone) == ("Núñez, José", "+34612345678")


# --- Files that cannot be imported at all -------------------------------------------------


@pytest.mark.parametrize(
    ("header", "named"),
    [
        ("full name,mail\n", ["name", "email", "phone"]),
        ("email,phone,resume\n", ["name"]),
        ("name,resume\n", ["email", "phone"]),
    ],
)
def test_missing_columns_fail_the_batch_naming_them_and_create_nothing(run_csv, header, named):
    batch = run_csv(header + "Jordan Lee,jordan.lee@example.com,(415) 555-0100\n")
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.report == []
    for column in named:
        assert f"“{column}”" in batch.error
    assert "name,email,phone,resume" in batch.error
    assert Candidate.objects.count() == 0
    assert Application.objects.count() == 0


@pytest.mark.parametrize(
    "data",
    [b"", b"   \r\n\r\n", HEADER.encode(), (HEADER + "\n,,,\n").encode()],
    ids=["zero-bytes", "blank-lines", "header-only", "empty-rows"],
)
def test_an_empty_csv_fails_the_batch_with_a_reason(run_csv, data):
    batch = run_csv(data)
    assert batch.status == ImportBatch.Status.FAILED
    assert "empty" in batch.error.lower() or "no candidates" in batch.error.lower()
    assert Candidate.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (MAYA_PDF.read_bytes(), "PDF"),
        (_xlsx(), "Excel"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "image"),
        (b"MZ\x90\x00" + b"\x00" * 200, "program"),
        (bytes(range(256)) * 16, "binary"),
    ],
    ids=["pdf", "xlsx", "png", "exe", "noise"],
)
def test_a_binary_file_is_not_read_as_a_csv(run_csv, data, said):
    batch = run_csv(data)
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.error.startswith("This is not a CSV file")
    assert said in batch.error
    assert Candidate.objects.count() == 0


def test_an_unusable_zip_fails_the_batch_before_any_row(run_csv):
    batch = run_csv(HEADER + "Jordan Lee,jordan.lee@example.com,,\n", archive=b"not a zip")
    assert batch.status == ImportBatch.Status.FAILED
    assert "zip" in batch.error
    assert Candidate.objects.count() == 0


# --- Resumes named by a row ---------------------------------------------------------------


def test_a_resume_in_the_zip_is_extracted_and_attached_to_that_rows_candidate(run_csv, job):
    # Maya's resume says maya.okafor@example.com; the row says who it belongs to.
    archive = _zip({"cvs/maya.pdf": MAYA_PDF.read_bytes()})
    batch = run_csv(HEADER + "Pat Doe,pat.doe@example.com,,maya.pdf\n", archive=archive)
    (row,) = batch.report
    assert row["outcome"] == "created"
    pat = Candidate.objects.get()
    assert row["candidate"] == pat.pk
    assert (pat.name, pat.email) == ("Pat Doe", "pat.doe@example.com")
    resume = Resume.objects.get()
    assert resume.candidate == pat
    assert resume.batch == batch
    assert resume.status == Resume.Status.PARSED
    assert resume.is_current
    assert resume.original_name == "maya.pdf"
    assert resume.profile["email"] == "maya.okafor@example.com"
    assert not Candidate.objects.filter(email="maya.okafor@example.com").exists()
    application = Application.objects.get(job=job)
    assert (application.candidate, application.resume) == (pat, resume)
    # The profile is read from the resume; contact details the row gave are kept.
    pat.refresh_from_db()
    assert pat.email == "pat.doe@example.com"
    assert pat.profile["email"] == "maya.okafor@example.com"
    assert pat.profile["skills"]


def test_a_resume_named_by_its_path_in_the_zip_is_found(run_csv):
    archive = _zip({"cvs/maya.pdf": MAYA_PDF.read_bytes()})
    batch = run_csv(HEADER + "Pat Doe,pat.doe@example.com,,cvs/MAYA.pdf\n", archive=archive)
    assert batch.report[0]["outcome"] == "created"
    assert Resume.objects.get().status == Resume.Status.PARSED


def test_a_resume_missing_from_the_zip_rejects_the_row_and_creates_nothing(run_csv):
    archive = _zip({"maya.pdf": MAYA_PDF.read_bytes()})
    batch = run_csv(
        HEADER + "Pat Doe,pat.doe@example.com,,pat-doe.pdf\n"
        "Maya Okafor,maya.okafor@example.com,,maya.pdf\n",
        archive=archive,
    )
    rows = by_row(batch)
    assert rows[2]["outcome"] == "rejected"
    assert rows[2]["reason"] == "The resume “pat-doe.pdf” is not in the zip."
    assert rows[3]["outcome"] == "created"
    assert list(Candidate.objects.values_list("email", flat=True)) == ["maya.okafor@example.com"]
    assert Resume.objects.count() == 1


def test_a_resume_named_without_a_zip_rejects_the_row(run_csv):
    batch = run_csv(HEADER + "Pat Doe,pat.doe@example.com,,pat-doe.pdf\n")
    (row,) = batch.report
    assert row["outcome"] == "rejected"
    assert "no zip" in row["reason"]
    assert Candidate.objects.count() == 0


def test_a_file_name_found_in_two_folders_of_the_zip_is_not_guessed(run_csv):
    maya = MAYA_PDF.read_bytes()
    archive = _zip({"a/cv.pdf": maya, "b/cv.pdf": maya + b"\n", "cv.pdf": maya + b"\n\n"})
    batch = run_csv(
        HEADER + "Pat Doe,pat.doe@example.com,,b/cv.pdf\n"
        "Sam Park,sam.park@example.com,,cv.pdf\n"
        "Alex Kim,alex.kim@example.com,,other/cv.pdf\n",
        archive=archive,
    )
    rows = by_row(batch)
    # An exact path wins; a bare name that is ambiguous is refused rather than guessed.
    assert rows[2]["outcome"] == rows[3]["outcome"] == "created"
    assert Resume.objects.get(candidate__email="pat.doe@example.com").size == len(maya) + 1
    assert Resume.objects.get(candidate__email="sam.park@example.com").size == len(maya) + 2
    assert rows[4]["outcome"] == "rejected"
    assert "3 files called" in rows[4]["reason"]
    assert not Candidate.objects.filter(email="alex.kim@example.com").exists()


def test_one_resume_named_by_two_people_is_given_to_the_first_only(run_csv):
    archive = _zip({"maya.pdf": MAYA_PDF.read_bytes()})
    batch = run_csv(
        HEADER + "Maya Okafor,maya.okafor@example.com,,maya.pdf\n"
        "Pat Doe,pat.doe@example.com,,maya.pdf\n",
        archive=archive,
    )
    rows = by_row(batch)
    assert rows[2]["outcome"] == "created"
    assert rows[3]["outcome"] == "rejected"
    assert "already named by row 2" in rows[3]["reason"]
    assert Resume.objects.get().candidate.email == "maya.okafor@example.com"


def test_unsafe_or_unusable_zip_members_reject_their_rows(run_csv):
    archive = _zip(
        {
            "../../etc/evil.pdf": MAYA_PDF.read_bytes(),
            "program.pdf": b"MZ\x90\x00" + b"\x00" * 200,
            "empty.pdf": b"",
            "maya.pdf": MAYA_PDF.read_bytes(),
        }
    )
    batch = run_csv(
        HEADER + "Evil,evil@example.com,,../../etc/evil.pdf\n"
        "Program,program@example.com,,program.pdf\n"
        "Empty,empty@example.com,,empty.pdf\n"
        "Maya Okafor,maya.okafor@example.com,,maya.pdf\n",
        archive=archive,
    )
    rows = by_row(batch)
    assert "Unsafe file name" in rows[2]["reason"]
    assert "Windows program" in rows[3]["reason"]
    assert "empty" in rows[4]["reason"]
    assert [rows[n]["outcome"] for n in (2, 3, 4, 5)] == ["rejected"] * 3 + ["created"]
    assert list(Candidate.objects.values_list("email", flat=True)) == ["maya.okafor@example.com"]
    assert Resume.objects.count() == 1


def test_a_row_that_cannot_be_saved_leaves_nothing_behind_and_the_batch_goes_on(
    run_csv, monkeypatch
):
    real = services.resume_accept_for_candidate

    def flaky(*, batch, candidate, name, data):
        if name == "broken.pdf":
            raise OSError("storage is down")
        return real(batch=batch, candidate=candidate, name=name, data=data)

    monkeypatch.setattr(services, "resume_accept_for_candidate", flaky)
    archive = _zip({"broken.pdf": MAYA_PDF.read_bytes(), "maya.pdf": MAYA_PDF.read_bytes()})
    batch = run_csv(
        HEADER + "Pat Doe,pat.doe@example.com,,broken.pdf\n"
        "Maya Okafor,maya.okafor@example.com,,maya.pdf\n",
        archive=archive,
    )
    assert batch.status == ImportBatch.Status.DONE
    rows = by_row(batch)
    assert rows[2]["outcome"] == "rejected"
    assert "could not be saved" in rows[2]["reason"]
    assert rows[3]["outcome"] == "created"
    # Pat's candidate and application were rolled back with the row.
    assert list(Candidate.objects.values_list("email", flat=True)) == ["maya.okafor@example.com"]
    assert Application.objects.count() == 1


def test_an_unreadable_upload_fails_the_batch_instead_of_leaving_it_running(
    job, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        batch = csv_import.candidates_import_csv_start(
            job=job, csv_name="c.csv", csv_data=(HEADER + "A,a@example.com,,\n").encode()
        )

    def unavailable(*args, **kwargs):
        raise ConnectionError("storage is down")

    monkeypatch.setattr(type(batch.csv_file), "open", unavailable)
    csv_import.candidates_import_csv(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert "could not be read" in batch.error
    assert Candidate.objects.count() == 0


def test_a_batch_stopped_by_the_time_limit_keeps_what_it_did_and_says_so(run_csv, monkeypatch):
    real = csv_import.normalise_phone

    def slow(raw):
        if raw == "(415) 555-0103":
            raise SoftTimeLimitExceeded()
        return real(raw)

    monkeypatch.setattr(csv_import, "normalise_phone", slow)
    batch = run_csv(
        HEADER + "A One,a@example.com,(415) 555-0101,\n"
        "B Two,b@example.com,(415) 555-0102,\n"
        "C Three,c@example.com,(415) 555-0103,\n"
        "D Four,d@example.com,(415) 555-0104,\n"
    )
    assert batch.status == ImportBatch.Status.FAILED
    assert "stopped after row 3" in batch.error
    assert [row["outcome"] for row in batch.report] == ["created", "created"]
    assert set(Candidate.objects.values_list("email", flat=True)) == {
        "a@example.com",
        "b@example.com",
    }


# --- Idempotency ---------------------------------------------------------------------------


def test_the_worker_step_run_twice_imports_once(job, django_capture_on_commit_callbacks):
    archive = _zip({"maya.pdf": MAYA_PDF.read_bytes()})
    with django_capture_on_commit_callbacks(execute=False) as queued:
        batch = csv_import.candidates_import_csv_start(
            job=job,
            csv_name="candidates.csv",
            csv_data=(
                HEADER + "Maya Okafor,maya.okafor@example.com,,maya.pdf\n"
                "Jordan Lee,jordan.lee@example.com,,\n"
                "Bad,bad,,\n"
            ).encode(),
            archive_name="resumes.zip",
            archive_data=archive,
        )
    assert len(queued) == 1
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PENDING

    with django_capture_on_commit_callbacks(execute=False) as queued:
        tasks.import_candidates_csv(batch.pk)
        tasks.import_candidates_csv(batch.pk)
    assert len(queued) == 1  # one resume queued for extraction, not two
    with django_capture_on_commit_callbacks(execute=True):
        queued[0]()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert [row["outcome"] for row in batch.report] == ["created", "created", "rejected"]
    first_report = batch.report

    csv_import.candidates_import_csv(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.report == first_report
    assert Candidate.objects.count() == 2
    assert Application.objects.filter(job=job).count() == 2
    assert Event.objects.filter(kind=Event.Kind.APPLIED).count() == 2
    assert Resume.objects.get().status == Resume.Status.PARSED


def test_importing_the_same_file_again_merges_and_adds_nothing(run_csv, job):
    archive = _zip({"maya.pdf": MAYA_PDF.read_bytes()})
    text = HEADER + "Maya Okafor,maya.okafor@example.com,,maya.pdf\n"
    run_csv(text, archive=archive)
    batch = run_csv(text, archive=archive)
    (row,) = batch.report
    assert row["outcome"] == "merged"
    assert Candidate.objects.count() == 1
    assert Resume.objects.count() == 1  # the same file for the same person is not stored twice
    assert Application.objects.filter(job=job).count() == 1
