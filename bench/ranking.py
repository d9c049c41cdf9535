#!/usr/bin/env python
"""Ranking bench: the offline scorer (ai.scoring) against a TF-IDF cosine baseline.

Run from the repository root::

    .venv/bin/python bench/ranking.py [--no-cache] [--split validation]

Datasets (development splits in /work/shared/data, see their READMEs; ``--split validation``
runs the same measures on the validation splits: RJDB validation, 400 more records, and
LiveCareer validation, 72 PDFs of 6 other categories whose job descriptions,
bench/jobs/livecareer-validation.json, were written from the category names alone):

* RJDB dev (300 synthetic jobs, each with a matched resume and a hard negative):
  - pairwise accuracy: matched resume scored strictly above its hard negative (ties fail);
  - MRR: the matched resume ranked in a pool of 12 = itself, its own hard negative, and the
    matched resumes of 10 other jobs drawn with ``random.Random(SEED)`` (same pools for both
    methods; ties are counted pessimistically). Without the hard negative both methods reach
    MRR 1.000, so that variant is not shown.
* LiveCareer dev (72 real resume PDFs, 6 categories): one job description per category written
  for this bench (bench/jobs/livecareer.json); all 72 resumes ranked for each job, same-category
  resumes relevant; NDCG@10 and precision@10 per category and the mean. Both methods reach
  1.000 on the @10 metrics for several categories (12 relevant resumes, 10 slots), so every
  category also gets full-ranking metrics that do not saturate: NDCG over all 72 and average
  precision (AP; the mean over categories is MAP). The first text line of each resume (a job
  title that gives the category away) is masked.
* Supplementary rows (not fitted, not part of the headline): the one label fix the data
  README documents (CHEF/12155206.pdf is a kindergarten teacher's resume; dev only) and the
  category name alone as the job description.

Every row prints both methods, the absolute and the relative delta, and a flag when the
offline scorer is not ahead (ties at 1.000 are marked as ceiling ties).

The baseline is scikit-learn's TfidfVectorizer(sublinear_tf=True, stop_words="english") fitted
on the job descriptions and resumes of the dataset at hand, scored by cosine similarity.
The offline scorer sees one resume at a time and no corpus statistics. As in the product, each
resume is parsed once (intake) and scored from its stored profile; the throughput lines give
both rates, and "parse + score", what ``score_resume(text)`` costs without a stored profile.

Dev-only dependency: scikit-learn (the scorer itself never imports it).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import tempfile
import time
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ai.scoring import score_resume  # noqa: E402
from ai.scoring.requirements import extract_requirements  # noqa: E402
from recruiting.parsing import parse_profile  # noqa: E402

DATA = Path(os.environ.get("BENCH_DATA", "/work/shared/data"))
SPLITS = {
    "dev": (
        DATA / "rjdb" / "dev.jsonl",
        DATA / "livecareer",
        ROOT / "bench" / "jobs" / "livecareer.json",
        {"CHEF/12155206.pdf": "TEACHER"},
    ),
    "validation": (
        DATA / "rjdb" / "validation.jsonl",
        DATA / "livecareer-validation",
        ROOT / "bench" / "jobs" / "livecareer-validation.json",
        {},
    ),
}
SEED = 20240601
POOL_NEGATIVES = 10
K = 10


# ----------------------------------------------------------------------------- baseline


class TfidfBaseline:
    def __init__(self, corpus: list[str]):
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.vec = TfidfVectorizer(sublinear_tf=True, stop_words="english")
        self.vec.fit(corpus)

    def scores(self, query: str, docs: list[str]) -> list[float]:
        from sklearn.metrics.pairwise import cosine_similarity

        q = self.vec.transform([query])
        d = self.vec.transform(docs)
        return [float(x) for x in cosine_similarity(q, d)[0]]


# ----------------------------------------------------------------------------- metrics


def pessimistic_rank(scores: list[float], target: int) -> int:
    t = scores[target]
    return 1 + sum(1 for i, s in enumerate(scores) if i != target and s >= t)


def ndcg_at_k(ranked_rel: list[int], n_relevant: int, k: int = K) -> float:
    dcg = sum(rel / math.log2(i + 2) for i, rel in enumerate(ranked_rel[:k]))
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, n_relevant)))
    return dcg / ideal if ideal else 0.0


def ranked_relevance(scores: list[float], relevant: list[int], keys: list[str]) -> list[int]:
    # deterministic, pessimistic tie-break: among equal scores, irrelevant items first
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], relevant[i], keys[i]))
    return [relevant[i] for i in order]


# ----------------------------------------------------------------------------- RJDB


def _parsed(texts: list[str], timings: dict, key: str) -> dict[str, object]:
    """Each distinct resume parsed once, as at intake; the time goes to ``timings[key]``."""
    t0 = time.perf_counter()
    profiles = {t: parse_profile(t) for t in dict.fromkeys(texts)}
    timings[key] = (len(profiles), time.perf_counter() - t0)
    return profiles


def bench_rjdb(path: Path, split: str, timings: dict) -> list[tuple]:
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    n = len(rows)
    rng = random.Random(SEED)
    pools = []
    for i in range(n):
        others = rng.sample([j for j in range(n) if j != i], POOL_NEGATIVES)
        pools.append(others)

    t0 = time.perf_counter()
    reqs = [extract_requirements(r["Job-Description"]) for r in rows]
    timings["rjdb_extract_s"] = (n, time.perf_counter() - t0)
    profiles = _parsed(
        [r[k] for r in rows for k in ("Resume-matched", "Resume-unmatched")],
        timings,
        "parse_rjdb",
    )

    # offline scorer, each resume read from its stored profile
    ours_pair, ours_rr = [], []
    n_scored = 0
    t0 = time.perf_counter()
    for i, r in enumerate(rows):
        jd = r["Job-Description"]
        cand = [r["Resume-matched"], r["Resume-unmatched"]] + [
            rows[j]["Resume-matched"] for j in pools[i]
        ]
        s = [
            score_resume(reqs[i], c, job_description=jd, profile=profiles[c]).overall for c in cand
        ]
        n_scored += len(cand)
        ours_pair.append(s[0] > s[1])
        ours_rr.append(1.0 / pessimistic_rank(s, 0))
    timings["ours_rjdb"] = (n_scored, time.perf_counter() - t0)
    # parse + score: the matched and hard-negative resumes of every job, without a profile
    t0 = time.perf_counter()
    for i, r in enumerate(rows):
        for c in (r["Resume-matched"], r["Resume-unmatched"]):
            score_resume(reqs[i], c, job_description=r["Job-Description"])
    timings["parse_score_rjdb"] = (2 * n, time.perf_counter() - t0)

    # baseline
    t0 = time.perf_counter()
    corpus = (
        [r["Job-Description"] for r in rows]
        + [r["Resume-matched"] for r in rows]
        + [r["Resume-unmatched"] for r in rows]
    )
    base = TfidfBaseline(corpus)
    fit_s = time.perf_counter() - t0
    base_pair, base_rr = [], []
    t0 = time.perf_counter()
    for i, r in enumerate(rows):
        cand = [r["Resume-matched"], r["Resume-unmatched"]] + [
            rows[j]["Resume-matched"] for j in pools[i]
        ]
        s = base.scores(r["Job-Description"], cand)
        base_pair.append(s[0] > s[1])
        base_rr.append(1.0 / pessimistic_rank(s, 0))
    timings["base_rjdb"] = (n_scored, time.perf_counter() - t0, fit_s)

    mean = lambda xs: sum(xs) / len(xs)  # noqa: E731
    return [
        (
            f"RJDB {split} ({n} jobs)",
            "pairwise acc. matched > hard negative",
            mean(ours_pair),
            mean(base_pair),
        ),
        (
            f"RJDB {split} ({n} jobs)",
            "MRR, pool: matched + hard neg. + 10 others",
            mean(ours_rr),
            mean(base_rr),
        ),
    ]


# ----------------------------------------------------------------------------- LiveCareer


def _extract_pdf(path: str) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join((page.extract_text() or "") for page in pdf.pages)


def mask_first_line(text: str) -> str:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.strip():
            lines[i] = ""
            break
    return "\n".join(lines)


def load_livecareer(folder: Path, use_cache: bool) -> list[tuple[str, str, str]]:
    files = sorted(folder.glob("*/*.pdf"))
    key = json.dumps([(str(f), f.stat().st_size, int(f.stat().st_mtime)) for f in files])
    cache = Path(tempfile.gettempdir()) / f"bench_{folder.name}_text.json"
    texts = None
    if use_cache and cache.exists():
        try:
            data = json.loads(cache.read_text(encoding="utf-8"))
            if data.get("key") == key:
                texts = data["texts"]
        except (OSError, ValueError):
            texts = None
    if texts is None:
        with Pool(2) as pool:
            texts = pool.map(_extract_pdf, [str(f) for f in files])
        if use_cache:
            cache.write_text(json.dumps({"key": key, "texts": texts}), encoding="utf-8")
    return [
        (f.parent.name, f"{f.parent.name}/{f.name}", mask_first_line(t))
        for f, t in zip(files, texts, strict=True)
    ]


def _lc_metrics(r: list[int]) -> dict[str, float]:
    n_rel = sum(r)
    return {
        "NDCG@10": ndcg_at_k(r, n_rel),
        "P@10": sum(r[:K]) / K,
        "NDCG (all 72)": ndcg_at_k(r, n_rel, k=len(r)),
        "AP": average_precision(r),
    }


LC_METRICS = ("NDCG@10", "P@10", "NDCG (all 72)", "AP")


def bench_livecareer(split: str, use_cache: bool, timings: dict) -> tuple[list[tuple], list[tuple]]:
    _rjdb, folder, jobs_file, fixed = SPLITS[split]
    t0 = time.perf_counter()
    docs = load_livecareer(folder, use_cache)
    timings["pdf_s"] = time.perf_counter() - t0
    jobs = {
        k: v
        for k, v in json.loads(jobs_file.read_text(encoding="utf-8")).items()
        if not k.startswith("_")
    }
    keys = [d[1] for d in docs]
    texts = [d[2] for d in docs]
    profiles = _parsed(texts, timings, "parse_lc")
    stored = [profiles[t] for t in texts]

    t0 = time.perf_counter()
    base = TfidfBaseline(list(jobs.values()) + texts)
    fit_s = time.perf_counter() - t0

    rows: list[tuple] = []
    per_metric: dict[str, tuple[list[float], list[float]]] = {m: ([], []) for m in LC_METRICS}
    n_scored = 0
    t_ours = t_base = 0.0
    scores: dict[str, tuple[list[float], list[float]]] = {}
    for cat, jd in jobs.items():
        rel = [1 if d[0] == cat else 0 for d in docs]
        t0 = time.perf_counter()
        req = extract_requirements(jd)
        s_ours = [
            score_resume(req, t, job_description=jd, profile=p).overall
            for t, p in zip(texts, stored, strict=True)
        ]
        t_ours += time.perf_counter() - t0
        n_scored += len(texts)
        t0 = time.perf_counter()
        s_base = base.scores(jd, texts)
        t_base += time.perf_counter() - t0
        scores[cat] = (s_ours, s_base)
        mo = _lc_metrics(ranked_relevance(s_ours, rel, keys))
        mb = _lc_metrics(ranked_relevance(s_base, rel, keys))
        for m in LC_METRICS:
            rows.append((f"LiveCareer {cat}", m, mo[m], mb[m]))
            per_metric[m][0].append(mo[m])
            per_metric[m][1].append(mb[m])
    timings["ours_lc"] = (n_scored, t_ours)
    # parse + score: every resume against the first job, without a profile
    jd = next(iter(jobs.values()))
    req = extract_requirements(jd)
    t0 = time.perf_counter()
    for t in texts:
        score_resume(req, t, job_description=jd)
    timings["parse_score_lc"] = (len(texts), time.perf_counter() - t0)
    timings["base_lc"] = (n_scored, t_base, fit_s)
    n_jobs = len(jobs)
    for m in LC_METRICS:
        o, b = per_metric[m]
        rows.append(
            (f"LiveCareer mean ({n_jobs} jobs x {len(docs)})", m, sum(o) / n_jobs, sum(b) / n_jobs)
        )

    supp = _label_fix_rows(docs, jobs, scores, fixed) if fixed else []
    names = {c: c.replace("-", " ") for c in jobs}
    base_names = TfidfBaseline(list(names.values()) + texts)
    acc = {m: ([], []) for m in ("NDCG@10", "AP")}
    for cat, jd in names.items():
        rel = [1 if d[0] == cat else 0 for d in docs]
        req = extract_requirements(jd)
        s_ours = [
            score_resume(req, t, job_description=jd, profile=p).overall
            for t, p in zip(texts, stored, strict=True)
        ]
        mo = _lc_metrics(ranked_relevance(s_ours, rel, keys))
        mb = _lc_metrics(ranked_relevance(base_names.scores(jd, texts), rel, keys))
        for m in acc:
            acc[m][0].append(mo[m]), acc[m][1].append(mb[m])
    for m, (o, b) in acc.items():
        supp.append(("LiveCareer mean, category name as JD", m, sum(o) / n_jobs, sum(b) / n_jobs))
    return rows, supp


def _label_fix_rows(docs, jobs, scores, fixed: dict[str, str]) -> list[tuple]:
    """Supplementary (not part of the headline table): the label fixes the data README
    documents (dev: CHEF/12155206.pdf is a kindergarten teacher's resume)."""
    keys = [d[1] for d in docs]
    rows = []
    o_all, b_all = [], []
    fixed_cats = set(fixed.values())
    for cat in jobs:
        rel = [1 if fixed.get(d[1], d[0]) == cat else 0 for d in docs]
        s_ours, s_base = scores[cat]
        mo = _lc_metrics(ranked_relevance(s_ours, rel, keys))
        mb = _lc_metrics(ranked_relevance(s_base, rel, keys))
        if cat in fixed_cats:
            for m in ("NDCG@10", "AP"):
                rows.append((f"LiveCareer {cat}, README label fix", m, mo[m], mb[m]))
        o_all.append(mo["AP"]), b_all.append(mb["AP"])
    n_jobs = len(jobs)
    rows.append(
        ("LiveCareer mean, README label fix", "AP", sum(o_all) / n_jobs, sum(b_all) / n_jobs)
    )
    return rows


def average_precision(ranked_rel: list[int]) -> float:
    hits, acc = 0, 0.0
    for i, rel in enumerate(ranked_rel):
        if rel:
            hits += 1
            acc += hits / (i + 1)
    return acc / hits if hits else 0.0


# ----------------------------------------------------------------------------- main


def print_table(rows: list[tuple]) -> None:
    head = ("dataset", "metric", "offline", "TF-IDF", "delta", "rel.")
    w0 = max(len(head[0]), *(len(r[0]) for r in rows))
    w1 = max(len(head[1]), *(len(r[1]) for r in rows))
    print(
        f"{head[0]:<{w0}}  {head[1]:<{w1}}  {head[2]:>7}  {head[3]:>7}  {head[4]:>7}  {head[5]:>7}"
    )
    print("-" * (w0 + w1 + 40))
    for ds, metric, ours, base in rows:
        delta = ours - base
        rel = f"{100 * delta / base:+.1f}%" if base else "n/a"
        if ours > base:
            flag = ""
        elif ours == base:
            flag = "   (tie at the ceiling)" if base >= 1.0 else "   <-- tie"
        else:
            flag = "   <-- worse"
        print(
            f"{ds:<{w0}}  {metric:<{w1}}  {ours:7.3f}  {base:7.3f}  {delta:+7.3f}  {rel:>7}{flag}"
        )


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--no-cache",
        action="store_true",
        help="re-extract the PDFs instead of using the temp-dir cache",
    )
    ap.add_argument(
        "--split",
        choices=sorted(SPLITS),
        default="dev",
        help="dev (tune here) or validation (report, never tune)",
    )
    args = ap.parse_args()
    import sklearn.feature_extraction.text  # noqa: F401  (import outside the timed fit)

    timings: dict = {}
    t_all = time.perf_counter()
    lc_rows, supp = bench_livecareer(args.split, not args.no_cache, timings)
    rows = bench_rjdb(SPLITS[args.split][0], args.split, timings) + lc_rows
    print_table(rows)
    worse = sum(1 for r in rows if r[2] < r[3])
    ties = sum(1 for r in rows if r[2] == r[3])
    print(
        f"\n{len(rows)} rows: offline ahead on {len(rows) - worse - ties}, tied on {ties}"
        f" (all at the 1.000 ceiling: {all(r[3] >= 1.0 for r in rows if r[2] == r[3])}),"
        f" behind on {worse}."
    )
    print()
    print("Supplementary (same run; explained in the module docstring):")
    print_table(supp)
    print()
    n1, t1 = timings["ours_rjdb"]
    n2, t2 = timings["ours_lc"]
    b1, bt1, bf1 = timings["base_rjdb"]
    b2, bt2, bf2 = timings["base_lc"]
    rate = lambda key: timings[key][0] / timings[key][1]  # noqa: E731
    print("Throughput (single process; resumes per second, requirement extraction excluded):")
    print(
        f"  parse once (intake)                          RJDB {rate('parse_rjdb'):8.0f}/s   LiveCareer {rate('parse_lc'):8.0f}/s"
    )
    print(
        f"  score from the stored profile (per screening) RJDB {n1 / t1:8.0f}/s   LiveCareer {n2 / t2:8.0f}/s"
    )
    print(
        f"  parse + score (score_resume(text), no profile) RJDB {rate('parse_score_rjdb'):8.0f}/s   LiveCareer {rate('parse_score_lc'):8.0f}/s"
    )
    print("  (mean resume length ~0.7k / ~6.3k chars)")
    print(
        f"  TF-IDF baseline                               RJDB {b1 / bt1:8.0f}/s   LiveCareer {b2 / bt2:8.0f}/s   (plus fit: {bf1:.2f}s / {bf2:.2f}s)"
    )
    print(
        f"  requirement extraction: {timings['rjdb_extract_s'][1] / timings['rjdb_extract_s'][0] * 1000:.2f} ms per job description"
    )
    print(
        f"  PDF text extraction: {timings['pdf_s']:.1f}s; total bench time {time.perf_counter() - t_all:.1f}s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
