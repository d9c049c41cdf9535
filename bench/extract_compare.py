"""Compare PDF text extraction paths on the development PDFs.

For every PDF under shared/data/livecareer and shared/data/pdfs/layouts, time:

* ``pdfplumber``: pdfplumber's own ``page.extract_text()`` (pdfminer.six, no reading-order pass);
* ``pypdfium2``: pdfium's ``textpage.get_text_range()`` (C++, content-stream order);
* ``pdfium+layout``: our layout pass on pdfium's character boxes (the fallback path);
* ``extract_text``: ``recruiting.extraction.extract_text`` (pdfplumber characters + layout pass,
  normalisation), the production path.

and count outputs with glued words (a heuristic: a token of more than 25 letters). Prints a
table of files/s and mean ms per file. Run: ``.venv/bin/python bench/extract_compare.py``
(``--repeat N`` to time N passes, ``--data DIR`` to point at another data folder).
"""

from __future__ import annotations

import argparse
import logging
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from recruiting import extraction  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data"
GLUED = re.compile(r"[^\W\d_]{26,}")


def via_pdfplumber(data: bytes) -> str:
    import io

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


def via_pdfium_layout(data: bytes) -> str:
    pages, _n, _empty = extraction._pdf_text_pdfium(data, [])
    return extraction.normalise_text("\n\n".join(pages))


def via_extract_text(data: bytes) -> str:
    return extraction.extract_text(data, filename="x.pdf", ocr=False).text


METHODS = {
    "pdfplumber": via_pdfplumber,
    "pypdfium2": via_pypdfium2,
    "pdfium+layout": via_pdfium_layout,
    "extract_text": via_extract_text,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=1)
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

    header = (
        f"{'method':<15} {'files/s':>8} {'mean ms':>8} {'p95 ms':>8} {'errors':>6} "
        f"{'glued':>6} {'glued tokens':>12}"
    )
    print(header)
    print("-" * len(header))
    for name, fn in METHODS.items():
        times: list[float] = []
        glued_files = glued_tokens = errors = 0
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
        total = sum(times)
        p95 = sorted(times)[int(0.95 * (len(times) - 1))]
        print(
            f"{name:<15} {len(times) / total:8.1f} {statistics.mean(times) * 1000:8.1f} "
            f"{p95 * 1000:8.1f}"
            f" {errors // args.repeat:6d} {glued_files:6d} {glued_tokens:12d}"
        )
    print("\nglued = outputs with at least one token of more than 25 letters")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
