"""Import resume files, folders or zips onto a job and wait until every file has ended
extracted, duplicate or failed."""

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.celery import app
from recruiting import selectors, services
from recruiting.models import ImportBatch, Job


class Command(BaseCommand):
    help = "Import resumes (files, folders or .zip files) onto a job."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files, folders (read recursively) or zips.")
        parser.add_argument("--job", type=int, required=True, help="The job's id.")
        parser.add_argument(
            "--inline",
            action="store_true",
            help="Run extraction in this process instead of waiting for a worker.",
        )
        parser.add_argument(
            "--json",
            dest="as_json",
            action="store_true",
            help="Print one JSON object per file instead.",
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
        progress = self._wait(batch, timeout=timeout, show_bar=not as_json)
        if as_json:
            self._print_json(batch)
        else:
            self._print_summary(batch, progress)
        if not progress.done:
            raise CommandError(
                f"{progress.total - progress.finished} files were still waiting after "
                f"{timeout:g} s. Is a worker running (`celery -A config worker`)? "
                "Or run again with --inline."
            )

    def _collect(self, paths):
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                for child in sorted(path.rglob("*")):
                    if child.is_file() and not any(p.startswith(".") for p in child.parts):
                        yield str(child.relative_to(path)), child
            elif path.is_file():
                yield path.name, path
            else:
                raise CommandError(f"{raw}: no such file or folder.")

    def _wait(self, batch, *, timeout: float, show_bar: bool):
        deadline = time.monotonic() + timeout
        while True:
            progress = selectors.batch_progress(batch)
            if show_bar:
                self._draw(progress)
            if progress.done or time.monotonic() > deadline:
                if show_bar:
                    self.stderr.write("")
                return progress
            time.sleep(0.5)

    def _draw(self, progress) -> None:
        width = 30
        filled = width * progress.finished // max(progress.total, 1)
        bar = "#" * filled + "-" * (width - filled)
        self.stderr.write(
            f"\r[{bar}] {progress.finished}/{progress.total}  extracted {progress.extracted}"
            f"  duplicate {progress.duplicate}  failed {progress.failed}  ",
            ending="",
        )
        self.stderr.flush()

    def _print_json(self, batch) -> None:
        for outcome in selectors.batch_outcomes(batch):
            if not outcome["reason"]:
                del outcome["reason"]
            self.stdout.write(json.dumps(outcome))

    def _print_summary(self, batch, progress) -> None:
        self.stdout.write(
            f"Batch {batch.pk}: {progress.total} files, {progress.extracted} extracted, "
            f"{progress.duplicate} duplicate, {progress.failed} failed."
        )
        for outcome in selectors.batch_outcomes(batch):
            if outcome["status"] == "failed":
                self.stdout.write(f"  {outcome['file']}: {outcome['reason']}")
