"""Import resume files, folders or zips onto a job and wait until every file has been
read and screened, or has ended duplicate, failed or turned away."""

import json
import time
from argparse import RawDescriptionHelpFormatter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter
from tqdm import tqdm

from ai import selectors as ai_selectors
from config.celery import app
from recruiting import services
from recruiting.models import ImportBatch, Job

STATUSES_HELP = """\
Each file ends with one status (--json prints it with the file's name, a reason when
there is one, and the candidate's id):
  pending           still being read or parsed (the wait timed out)
  parsed            a candidate, waiting for the screening
  screened          a candidate, screened against the job
  screening_failed  a candidate, but the screening failed; HR can screen again
  duplicate         the same file as one the candidate already has
  rejected          not a resume (an invoice, a letter, a blank form...); the reason says
                    why, and HR can still add it from the batch report
  failed            could not be read (empty, too big, damaged...); the reason says why
"""


class _KeepLayoutHelp(DjangoHelpFormatter, RawDescriptionHelpFormatter):
    """Django's argument order, with the status table's line breaks kept."""


class Command(BaseCommand):
    help = "Import resumes (files, folders or .zip files) onto a job.\n\n" + STATUSES_HELP

    def create_parser(self, prog_name, subcommand, **kwargs):
        return super().create_parser(
            prog_name, subcommand, formatter_class=_KeepLayoutHelp, **kwargs
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="+",
            help="Files, folders (read recursively, skipping hidden files) or zips; "
            "relative paths such as ../resumes/ are fine.",
        )
        parser.add_argument("--job", type=int, required=True, help="The job's id.")
        parser.add_argument(
            "--inline",
            action="store_true",
            help="Run extraction and screening in this process instead of waiting for a worker.",
        )
        parser.add_argument(
            "--json",
            dest="as_json",
            action="store_true",
            help="Print one JSON object per file on stdout instead of a summary.",
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=900,
            help="Seconds to wait for the worker before giving up (default 900).",
        )

    def handle(self, *args, paths, job, inline, as_json, timeout, **options):
        try:
            job_obj = Job.objects.get(pk=job)
        except Job.DoesNotExist:
            raise CommandError(f"There is no job with id {job}.") from None
        files = list(self._collect(paths))
        if not files:
            raise CommandError("No files found in the given paths.")
        if inline:
            app.conf.task_always_eager = True
        batch = services.resumes_import(
            job=job_obj,
            files=(services.IncomingFile(name=name, data=path) for name, path in files),
            source=ImportBatch.Source.COMMAND,
        )
        progress = self._wait(batch, timeout=timeout)
        if as_json:
            self._print_json(batch)
        else:
            self._print_summary(batch, progress)
        if not progress.done:
            waiting = progress.total - progress.finished
            raise CommandError(
                f"{waiting} file{'s were' if waiting != 1 else ' was'} still waiting after "
                f"{timeout:g} s. Is a worker running (`celery -A config worker`)? "
                "Or run again with --inline."
            )

    def _collect(self, paths):
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                for child in sorted(path.rglob("*")):
                    # Only the parts below the given folder: "../resumes" is not hidden.
                    below = child.relative_to(path)
                    if child.is_file() and not any(p.startswith(".") for p in below.parts):
                        yield str(below), child
            elif path.is_file():
                yield path.name, path
            else:
                raise CommandError(f"{raw}: no such file or folder.")

    def _wait(self, batch, *, timeout: float):
        """Poll the batch until it is done or the timeout passes, drawing a bar on stderr
        (stdout stays clean for --json)."""
        deadline = time.monotonic() + timeout
        # The underlying stream: Django's wrapper would end every redraw with a newline.
        with tqdm(
            total=None, unit="file", file=self.stderr._out, dynamic_ncols=True, leave=True
        ) as bar:
            while True:
                progress = ai_selectors.batch_progress(batch)
                bar.total = progress.total
                bar.n = progress.finished
                bar.set_postfix(
                    screened=progress.screened,
                    duplicate=progress.duplicate,
                    rejected=progress.rejected,
                    failed=progress.failed,
                    refresh=False,
                )
                bar.refresh()
                if progress.done or time.monotonic() > deadline:
                    return progress
                time.sleep(0.5)

    def _print_json(self, batch) -> None:
        for outcome in ai_selectors.batch_outcomes(batch):
            if not outcome["reason"]:
                del outcome["reason"]
            self.stdout.write(json.dumps(outcome))

    def _print_summary(self, batch, progress) -> None:
        parts = [
            _count(progress.total, "file"),
            f"{progress.screened} screened",
            f"{progress.duplicate} duplicate",
            f"{progress.rejected} not a resume",
            f"{progress.failed} failed",
        ]
        if progress.screening_failed:
            parts.insert(2, f"{progress.screening_failed} screening failed")
        self.stdout.write(f"Batch {batch.pk}: " + ", ".join(parts) + ".")
        for outcome in ai_selectors.batch_outcomes(batch):
            if outcome["status"] in ("failed", "rejected", "screening_failed"):
                self.stdout.write(f"  {outcome['file']}: {outcome['reason']}")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
