"""Screen a folder of resumes against a job description and print the ranking.

    python manage.py screen_folder --job-description JD.txt DIR [--json] [--top N] [--blind]

Nothing is read from or written to the database (it works before ``migrate``): each file
is extracted and parsed once, guarded (hidden text found by extraction and instructions to the
screener ignored, identity removed with ``--blind``) and screened by the configured provider
(``AI_PROVIDER``; the offline scorer by default). Files that cannot be read are reported on stderr and skipped.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ai import guardrails, services
from ai.providers import ProviderError, get_provider
from recruiting.extraction import ExtractionError, extract_text
from recruiting.parsing import parse_profile


class Command(BaseCommand):
    help = "Screen every resume file in a folder against a job description; print the ranking."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "folder", type=Path, help="folder of resume files (searched recursively)"
        )
        parser.add_argument(
            "--job-description",
            "--jd",
            required=True,
            type=Path,
            help="text file with the job description",
        )
        parser.add_argument("--json", action="store_true", help="print a JSON list")
        parser.add_argument("--top", type=int, default=0, help="only the best N")
        parser.add_argument("--blind", action="store_true", help="remove names, contacts, links...")
        parser.add_argument("--provider", default=None, help="override AI_PROVIDER")

    def handle(self, *args, folder: Path, job_description: Path, **options):
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder.")
        try:
            description = job_description.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise CommandError(f"Cannot read the job description: {exc}") from exc
        if not description.strip():
            raise CommandError("The job description is empty.")
        provider = get_provider(options["provider"])
        title = description.strip().splitlines()[0][:120]
        try:
            requirements = services.requirements_from_description(
                description, title=title, provider=provider
            )
        except (services.GenerationFailed, ProviderError) as exc:
            raise CommandError(f"Could not read the job description: {exc}") from exc
        context = services.JobContext(
            title=title, description=description, requirements=requirements
        )

        rows, skipped = [], []
        files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
        for path in files:
            name = str(path.relative_to(folder))
            try:
                row = self._screen(path, name, provider, context, blind=options["blind"])
            except ExtractionError as exc:
                skipped.append((name, exc.reason))
                continue
            except (services.GenerationFailed, ProviderError) as exc:
                skipped.append((name, getattr(exc, "reason", None) or str(exc)))
                continue
            rows.append(row)

        rows.sort(key=lambda r: (-r["score"], r["file"]))
        for rank, row in enumerate(rows, start=1):
            row["rank"] = rank
        if options["top"]:
            rows = rows[: options["top"]]
        for name, reason in skipped:
            self.stderr.write(f"skipped {name}: {reason}")
        if options["json"]:
            self.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False))
        else:
            self._table(rows, len(files), len(skipped))

    def _screen(self, path: Path, name: str, provider, context, *, blind: bool) -> dict:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ExtractionError(f"cannot read the file: {exc}", "unreadable") from exc
        # One read of the file: the text and what is hidden in it come from the same pass.
        extracted = extract_text(data, filename=path.name, max_bytes=settings.RESUME_MAX_BYTES)
        # One parse: blinding and the offline scorer read it instead of parsing again.
        profile = parse_profile(extracted.text, default_region=settings.PHONE_DEFAULT_REGION)
        stored = profile.to_dict()
        prepared = guardrails.prepare_resume(
            extracted.text,
            blind=blind,
            hidden=list(extracted.hidden),
            default_region=settings.PHONE_DEFAULT_REGION,
            profile=stored,
        )
        outcome = services.screen_prepared(provider, context, prepared, profile=stored)
        matched = [c["requirement"] for c in outcome.criteria if c["score"] >= 50]
        missing = [c["requirement"] for c in outcome.criteria if c["score"] < 50]
        return {
            "file": name,
            "score": round(float(outcome.output.overall_score), 2),
            "recommendation": outcome.output.recommendation,
            "summary": outcome.output.summary,
            "matched": matched,
            "missing": missing,
            "flags": [f["message"] for f in outcome.flags],
        }

    def _table(self, rows: list[dict], total: int, skipped: int) -> None:
        self.stdout.write(f"{'rank':>4}  {'score':>6}  {'recommendation':<14}  file")
        for row in rows:
            self.stdout.write(
                f"{row['rank']:>4}  {row['score']:>6.1f}  {row['recommendation']:<14}  {row['file']}"
            )
            if row["missing"]:
                self.stdout.write(f"{'':>30}missing: {', '.join(row['missing'][:5])}")
            for flag in row["flags"][:3]:
                self.stdout.write(f"{'':>30}flag: {flag}")
        self.stdout.write(f"\n{len(rows)} shown of {total - skipped} screened; {skipped} skipped.")
