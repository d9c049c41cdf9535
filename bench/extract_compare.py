"""Compare PDF text extraction paths on the development PDFs.

For every PDF under shared/data/livecareer and shared/data/pdfs/layouts, time:

* ``pdfplumber``: pdfplumber's own ``page.extract_text()`` (pdfminer.six, no reading-order pass);
* ``pypdfium2``: pdfium's ``textpage.get_text_range()`` (C++, content-stream order);
* ``pdfminer+layout``: our layout pass on pdfminer's characters (through pdfplumber), the
  production path until pdfium characters replaced it, and the reference for the others;
* ``pdfium+layout``: our layout pass on pdfium's characters (``_PdfiumPage``), every page;
* ``extract_text``: ``recruiting.extraction.extract_text``, the production path: pdfium's
  characters, pdfminer's for the pages pdfium's text is not trusted on, normalisation.

and count outputs with glued words (a heuristic: a token of more than 25 letters) and outputs
identical to the reference (``= ref``; the reference itself always matches). Prints a table of
files/s and mean ms per file. Run: ``.venv/bin/python bench/extract_compare.py`` (``--repeat N``
to time N passes, ``--data DIR`` to point at another data folder, ``--diff`` to print how the
outputs that differ from the reference differ).
"""

from __future__ import annotations

import argparse
import difflib
import io
import logging
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from recruiting import extraction  # noqa: E402
from recruiting.extraction import pdf, pdfium  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data"
GLUED = re.compile(r"[^\W\d_]{26,}")
REFERENCE = "pdfminer+layout"


def via_pdfplumber(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n\n".join((page.extract_text() or "") for page in pdf.pages)


def via_pypdfium2(data: bytes) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        out = []
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            out.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n\n".join(out)
    finally:
        doc.close()


def via_pdfminer_layout(data: bytes) -> str:
    pages, _n, _empty = pdf.pdfminer_page_texts(data, [])
    return extraction.normalise_text("\n\n".join(pages))


def via_pdfium_layout(data: bytes) -> str:
    pages, _n, _empty = pdfium.page_texts(data, [])
    return extraction.normalise_text("\n\n".join(pages))


def via_extract_text(data: bytes) -> str:
    return extraction.extract_text(data, filename="x.pdf", ocr=False).text


METHODS = {
    "pdfplumber": via_pdfplumber,
    "pypdfium2": via_pypdfium2,
    REFERENCE: via_pdfminer_layout,
    "pdfium+layout": via_pdfium_layout,
    "extract_text": via_extract_text,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--diff", action="store_true", help="show outputs differing from ref")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # pdfminer's FontBBox chatter

    files = sorted((args.data / "livecareer").rglob("*.pdf")) + sorted(
        (args.data / "pdfs" / "layouts").glob("*.pdf")
    )
    if not files:
        print(f"no PDFs under {args.data}", file=sys.stderr)
        return 1
    blobs = [(f, f.read_bytes()) for f in files]
    print(
        f"{len(blobs)} PDFs, {sum(len(b) for _, b in blobs) / 1e6:.1f} MB, {args.repeat} pass(es)\n"
    )

    outputs: dict[str, list[str]] = {}
    rows = []
    for name, fn in METHODS.items():
        times: list[float] = []
        glued_files = glued_tokens = errors = 0
        texts: list[str] = []
        for rep in range(args.repeat):
            for _path, data in blobs:
                t0 = time.perf_counter()
                try:
                    text = fn(data)
                except Exception:
                    errors += 1
                    text = ""
                times.append(time.perf_counter() - t0)
                if rep == 0:
                    hits = GLUED.findall(text)
                    glued_files += bool(hits)
                    glued_tokens += len(hits)
                    texts.append(text)
        outputs[name] = texts
        total = sum(times)
        p95 = sorted(times)[int(0.95 * (len(times) - 1))]
        rows.append((name, len(times) / total, statistics.mean(times), p95, errors, glued_files))
        rows[-1] += (glued_tokens,)

    reference = outputs[REFERENCE]
    header = (
        f"{'method':<16} {'files/s':>8} {'mean ms':>8} {'p95 ms':>8} {'errors':>6} "
        f"{'glued':>6} {'glued tokens':>12} {'= ref':>6}"
    )
    print(header)
    print("-" * len(header))
    for name, rate, mean, p95, errors, glued_files, glued_tokens in rows:
        same = sum(a == b for a, b in zip(outputs[name], reference, strict=True))
        print(
            f"{name:<16} {rate:8.1f} {mean * 1000:8.1f} {p95 * 1000:8.1f} {errors:6d} "
            f"{glued_files:6d} {glued_tokens:12d} {same:6d}"
        )
    print(
        "\nglued = outputs with at least one token of more than 25 letters; "
        f"= ref = outputs identical to {REFERENCE}'s (of {len(blobs)})"
    )
    if args.diff:
        for name in ("pdfium+layout", "extract_text"):
            for (path, _data), a, b in zip(blobs, reference, outputs[name], strict=True):
                if a != b:
                    print(f"\n=== {name}: {path.relative_to(args.data)}")
                    diff = difflib.unified_diff(a.split("\n"), b.split("\n"), lineterm="", n=0)
                    print("\n".join(list(diff)[2:30]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
