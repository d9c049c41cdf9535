"""Benchmark Twilio's webhooks under load: the server-side p50, p95, p99 and max of each TwiML
webhook with many simulated calls at once against the app under gunicorn, beside a bare Django
view that returns the same TwiML with no database work, in the same run and under the same
load. Target: the webhooks' p99 under 50 ms and within 2x of the bare view's p99.

What it does, in a throwaway directory (removed at the end unless ``--keep``):

1. A generated settings module (``config.settings.local`` with DEBUG off, the Twilio provider
   with a known ``TWILIO_AUTH_TOKEN``, ``VOICE_PUBLIC_BASE_URL`` on a made-up public host, a
   calling window open all week) and URLconf: the app's URLs plus ``/bench/bare-twiml/``, which
   is csrf-exempt, outside ``ATOMIC_REQUESTS``, and answers a question's TwiML (captured from
   the warm-up calls) read once per process. Its own database: a SQLite file in the directory,
   or the PostgreSQL database given with ``--database-url``, which is migrated and **flushed**:
   give it a throwaway one. The status and recording callbacks queue their task on Redis
   (redis://127.0.0.1:6379/14, a queue of this run, deleted at the end) when it answers, else
   on kombu's filesystem transport in the directory. No worker runs: the webhooks are
   measured, not what they queue.
2. In this process, as HR would: a job (``job_create``), its questions drafted by the offline
   AI provider and approved, and per call a candidate with a phone number and an application;
   every other candidate agreed to recorded calls beforehand. ``phone_screen_start`` for each,
   its task run eagerly: the real Twilio client places the call through an intercepted HTTP
   client (``tests/fakes/twilio.py``), so every screen has its ``Call`` row and CallSid.
3. gunicorn with ``--workers`` sync workers (as in production) serving ``config.wsgi``'s
   application, wrapped only to add a response header with the CPU time the request took in
   its worker thread. The access log writes each request's duration in microseconds
   (``%(D)s``): the server-side time, from the request read to the response written, without
   the time it waited in the listen queue; and that CPU time.
4. Warm-up calls (two per worker), then ``--calls`` calls at once, each in its own thread
   playing Twilio: status callbacks initiated, ringing and in-progress; the answer webhook; the
   consent gather; each question's gather (some callers are silent once, ask for a repeat, or
   answer briefly and get the follow-up); the recording callback of a recorded call; status
   completed. Every request is form-encoded with Twilio's parameters and signed with twilio's
   ``RequestValidator`` on the public URL, as Twilio signs it. After each webhook request the
   same thread posts the same body to the bare view, so the baseline sees the same load.
   By default a call sends its next request as soon as the last is answered (a saturation
   test: 50 calls keep the server busy); ``--think S`` pauses 0 to 2S seconds before each
   webhook request instead, closer to real calls, where a turn lasts many seconds.

Then it prints a table: per kind of webhook, all webhooks together and the bare view, the
number of requests and the server-side p50, p95, p99 and max in ms, p99 as a multiple of the
bare view's, and the CPU time's p50 and p99; the client's round trips (listen-queue wait
included) for context; what the calls left in the database (screens completed, answers,
webhook events) and any non-200 response; and whether the target was met.

On SQLite every request that writes holds the database's single write lock for its whole
transaction (``BEGIN IMMEDIATE`` under ``ATOMIC_REQUESTS``), so concurrent webhooks wait for
one another (SQLite's busy handler sleeps in growing steps: the long tail); production runs
PostgreSQL, where only requests about the same call wait for its row.

Run: ``.venv/bin/python bench/voice.py [--calls 50] [--workers 3] [--database-url URL]
[--think S] [--broker redis|filesystem] [--keep]``. Needs gunicorn (requirements/production.txt).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import html
import http.client
import math
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlparse

REPO = Path(__file__).resolve().parents[1]
REDIS_URL = "redis://127.0.0.1:6379/14"
PUBLIC_HOST = "voice-bench.example.com"
PUBLIC_BASE_URL = f"https://{PUBLIC_HOST}"
ACCOUNT_SID = "AC" + "b" * 32
AUTH_TOKEN = "voice-bench-auth-token"  # noqa: S105 - a made-up token for a throwaway server
FROM_NUMBER = "+15005550006"
BARE_PATH = "/bench/bare-twiml/"
TARGET_P99_MS = 50.0
TARGET_RATIO = 2.0  # the webhooks' p99 as a multiple of the bare view's
MAX_TURNS = 40

BENCH_JOB = """Senior Backend Engineer

We build the recruiting platform our customers hire with.

Must have:
- 5+ years of Python
- Django and PostgreSQL
- Celery and Redis

Nice to have:
- Kubernetes
- AWS
"""

SETTINGS = '''"""Generated by bench/voice.py for one run."""
from config.settings.local import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench_voice_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", {host!r}]
WHITENOISE_AUTOREFRESH = False
STATIC_ROOT = {static_root!r}  # whitenoise warns about a missing one
VOICE_PROVIDER = "twilio"
TWILIO_ACCOUNT_SID = {account!r}
TWILIO_AUTH_TOKEN = {token!r}
TWILIO_FROM_NUMBER = {from_number!r}
VOICE_PUBLIC_BASE_URL = {base!r}
VOICE_RECORD_CALLS = True
VOICE_CALLING_WINDOW_START = "00:00"
VOICE_CALLING_WINDOW_END = "23:59:59.999999"
VOICE_CALLING_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
CELERY_TASK_DEFAULT_QUEUE = {queue!r}
CELERY_WORKER_ENABLE_REMOTE_CONTROL = False
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
'''

URLCONF = '''"""Generated by bench/voice.py: the app's URLs and the bare baseline view."""
import functools
from pathlib import Path

from django.db import transaction
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from config.urls import urlpatterns as app_urlpatterns


@functools.cache
def twiml():
    return Path({twiml_file!r}).read_text()


@csrf_exempt
@transaction.non_atomic_requests
def bare_twiml(request):
    return HttpResponse(twiml(), content_type="text/xml")


urlpatterns = [path({bare_path!r}, bare_twiml), *app_urlpatterns]
'''

WSGI = '''"""Generated by bench/voice.py: the app's WSGI application, which also says in a
response header how much CPU time the request took in its worker (for the access log)."""
import time

from config.wsgi import application as app_application


def application(environ, start_response):
    started = time.thread_time()

    def timed_start_response(status, headers, exc_info=None):
        # Django starts the response once the view and the middleware are done.
        cpu_us = int((time.thread_time() - started) * 1_000_000)
        return start_response(status, [*headers, ("X-Bench-Cpu-Us", str(cpu_us))], exc_info)

    return app_application(environ, timed_start_response)
'''

ACCESS_LOG_FORMAT = (
    "%(U)s %(s)s %(D)s %({x-bench-cpu-us}o)s %({x-bench-phase}i)s %({x-bench-step}i)s"
)

STEPS = {
    "status": "status callback",
    "answer": "answer",
    "consent": "consent gather",
    "question": "question gather",
    "recording": "recording callback",
}

LONG_ANSWER = (
    "For the last six years I have built and run Django services on PostgreSQL, with Celery "
    "workers on Redis for the slow work, and I look after our deployments on Kubernetes too."
)
SHORT_ANSWER = "Yes, a few years."
FOLLOW_UP_ANSWER = (
    "The part I am proudest of is the billing platform: we moved it to PostgreSQL partitions "
    "and cut the nightly run from three hours to twenty minutes without any downtime."
)
GATHER_ACTION = re.compile(r'<Gather\b[^>]*\baction="([^"]*)"')
QUESTION_NUMBER = re.compile(r"Question (\d+) of \d+")
CONSENT_PROMPT = "say yes or press 1"


# --------------------------------------------------------------------------------------------
# Setup
# --------------------------------------------------------------------------------------------


def redis_reachable(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def configure(tmp: Path, *, broker: str, database_url: str | None, queue: str) -> dict[str, str]:
    """Write the settings module and URLconf; return the environment for this process and
    gunicorn (set here, so a .env file cannot point the run at real services)."""
    (tmp / "bench_voice_settings.py").write_text(
        SETTINGS.format(
            host=PUBLIC_HOST,
            account=ACCOUNT_SID,
            token=AUTH_TOKEN,
            from_number=FROM_NUMBER,
            base=PUBLIC_BASE_URL,
            queue=queue,
            static_root=str(tmp / "static"),
        )
    )
    (tmp / "static").mkdir()
    (tmp / "bench_voice_wsgi.py").write_text(WSGI)
    (tmp / "bench_voice_urls.py").write_text(
        URLCONF.format(twiml_file=str(tmp / "bare.xml"), bare_path=BARE_PATH.lstrip("/"))
    )
    var = tmp / "var"
    env = {
        "DJANGO_SETTINGS_MODULE": "bench_voice_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp), str(REPO), os.environ.get("PYTHONPATH", "")]),
        "VAR_DIR": str(var),
        "MEDIA_ROOT": str(tmp / "media"),
        "DATABASE_URL": database_url or f"sqlite:///{var / 'db.sqlite3'}",
        "CELERY_BROKER_URL": REDIS_URL if broker == "redis" else "filesystem://",
        "REDIS_URL": "",
        "CACHE_URL": "locmemcache://",
        "AWS_STORAGE_BUCKET_NAME": "",
        "AI_PROVIDER": "local",
        "ANTHROPIC_API_KEY": "",
        "DJANGO_DEBUG": "false",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    sys.path[:0] = [str(tmp), str(REPO)]
    return {**os.environ, **env}


@dataclass(frozen=True)
class CallInfo:
    """What Twilio knows of one call: its SID, numbers, and the URLs it was given."""

    index: int
    sid: str
    from_number: str
    to_number: str
    answer_url: str
    status_url: str
    recording_url: str
    recorded: bool


def prepare(total: int) -> list[CallInfo]:
    """An empty database, then a job with approved questions and ``total`` applications,
    each with a phone screen whose first call was placed through the Twilio client."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("flush", verbosity=0, interactive=False)

    from config.celery import app
    from interviews.services import job_questions_approve, job_questions_generate
    from recruiting.consent import consent_grant
    from recruiting.models import ConsentRecord, User
    from recruiting.services import job_create
    from tests.factories import ApplicationFactory, CandidateFactory
    from tests.fakes.twilio import TwilioApi
    from voice import services, telephony
    from voice.models import Call
    from voice.services.public_urls import call_url
    from voice.telephony.twilio import TwilioTelephony

    provider = TwilioTelephony(
        account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, http_client=TwilioApi()
    )
    # Twilio accepts each call; the threads below then play its part on the webhooks.
    telephony.get_telephony = lambda: provider
    app.conf.task_always_eager = True
    hr = User.objects.create_user(username="bench-hr", email="bench-hr@example.com", is_staff=True)
    job = job_create(by=hr, title="Senior Backend Engineer", description=BENCH_JOB)
    job_questions_generate(job)
    job_questions_approve(job, user=hr)
    for index in range(total):
        candidate = CandidateFactory(
            phone=f"+1212555{index:04d}", timezone="America/New_York", name=f"Caller {index}"
        )
        if index % 2 == 0:
            consent_grant(
                candidate=candidate,
                kind=ConsentRecord.Kind.CALL_RECORDING,
                wording_version="careers-2026",
                source=ConsentRecord.Source.CAREERS_PAGE,
            )
        application = ApplicationFactory(candidate=candidate, job=job)
        result = services.phone_screen_start(application=application, by=hr)
        if not result.started:
            raise SystemExit(f"phone_screen_start refused: {result.refused}")
    app.conf.task_always_eager = False
    calls = Call.objects.order_by("pk")
    infos = [
        CallInfo(
            index=index,
            sid=call.provider_call_id,
            from_number=call.from_number,
            to_number=call.to_number,
            answer_url=call_url(call, "answer"),
            status_url=call_url(call, "status"),
            recording_url=call_url(call, "recording"),
            recorded=call.recorded,
        )
        for index, call in enumerate(calls)
    ]
    if len(infos) != total or not all(i.sid for i in infos):
        raise SystemExit(f"expected {total} placed calls, found {len(infos)}")
    return infos


# --------------------------------------------------------------------------------------------
# gunicorn
# --------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(tmp: Path, env: dict, *, workers: int, port: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    if not gunicorn.exists():
        raise SystemExit(
            "gunicorn is not installed: pip install the pin in requirements/production.txt"
        )
    cmd = [str(gunicorn), "bench_voice_wsgi:application", "--bind", f"127.0.0.1:{port}"]
    cmd += ["--workers", str(workers), "--worker-class", "sync", "--backlog", "2048"]
    cmd += ["--access-logfile", str(tmp / "access.log"), "--access-logformat", ACCESS_LOG_FORMAT]
    cmd += ["--error-logfile", str(tmp / "gunicorn.log"), "--log-level", "warning"]
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited: {(tmp / 'gunicorn.log').read_text()[-3000:]}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz", headers={"Host": PUBLIC_HOST})
            if conn.getresponse().status == 200:
                conn.close()
                return proc
        time.sleep(0.2)
    stop(proc)
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def stop(proc: subprocess.Popen) -> None:
    """Graceful shutdown of the server we started."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


# --------------------------------------------------------------------------------------------
# Playing Twilio
# --------------------------------------------------------------------------------------------


@dataclass
class Caller:
    """What the person on the phone says to each prompt; the call's index varies it, so some
    are silent once, ask for a repeat, or answer briefly (and hear the follow-up)."""

    index: int
    silent: set = field(default_factory=set)
    repeated: set = field(default_factory=set)

    def reply(self, twiml: str) -> tuple[str, dict]:
        if CONSENT_PROMPT in twiml:
            if self.index % 3 == 0:
                return "consent", {"Digits": "1"}
            return "consent", speech("Yes, that is fine.")
        asked = QUESTION_NUMBER.search(twiml)
        if asked is None:  # the question's follow-up
            return "question", speech(FOLLOW_UP_ANSWER)
        number = int(asked.group(1))
        if self.index % 4 == 1 and number == 2 and number not in self.silent:
            self.silent.add(number)
            return "question", {}
        if self.index % 5 == 2 and number == 1 and number not in self.repeated:
            self.repeated.add(number)
            return "question", speech("Sorry, could you repeat that?")
        if self.index % 3 == 0 and number == 1:
            return "question", speech(SHORT_ANSWER)
        return "question", speech(LONG_ANSWER)


def speech(text: str) -> dict:
    return {"SpeechResult": text, "Confidence": "0.91", "Language": "en-US"}


def gather_action(twiml: str) -> str:
    """Where the TwiML's ``<Gather>`` posts its input; empty once the call hangs up."""
    found = GATHER_ACTION.search(twiml)
    return html.unescape(found.group(1)) if found else ""


def send(port: int, path: str, body: str, headers: dict) -> tuple[int, str]:
    """One POST on a new connection (gunicorn's sync workers close each one); status 0 when
    the connection failed."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("POST", path, body, headers)
        response = conn.getresponse()
        return response.status, response.read().decode()
    except (OSError, http.client.HTTPException):
        return 0, ""
    finally:
        conn.close()


@dataclass
class Sent:
    phase: str
    step: str
    status: int
    client_ms: float


class Twilio:
    """Plays Twilio for one call: each webhook posted as Twilio posts it, signed, and after
    each (with ``bare``) the same request to the bare view."""

    def __init__(
        self, call: CallInfo, *, port: int, phase: str, bare: bool, sent: list, think: float = 0.0
    ):
        from twilio.request_validator import RequestValidator

        self.call = call
        self.port = port
        self.phase = phase
        self.bare = bare
        self.sent = sent
        self.think = think
        self.random = random.Random(call.index)
        self.validator = RequestValidator(AUTH_TOKEN)
        self.sequence = 0
        self.base = {
            "AccountSid": ACCOUNT_SID,
            "ApiVersion": "2010-04-01",
            "CallSid": call.sid,
            "Called": call.to_number,
            "Caller": call.from_number,
            "Direction": "outbound-api",
            "From": call.from_number,
            "To": call.to_number,
            "ToCountry": "US",
            "FromCountry": "US",
            "CallStatus": "in-progress",
        }
        self.last_twiml = ""

    def post(self, url: str, params: dict, step: str) -> str:
        data = {**self.base, **params}
        path = url.removeprefix(PUBLIC_BASE_URL)
        body = urlencode(data)
        headers = {
            "Host": PUBLIC_HOST,
            "Content-Type": "application/x-www-form-urlencoded",
            "User-Agent": "TwilioProxy/1.1",
            "I-Twilio-Idempotency-Token": str(uuid.uuid4()),
            "X-Twilio-Signature": self.validator.compute_signature(url, data),
            "X-Bench-Phase": self.phase,
        }
        if self.think:
            time.sleep(self.random.uniform(0, 2 * self.think))
        status, text = self._send(path, body, {**headers, "X-Bench-Step": step}, step)
        if self.bare:
            self._send(BARE_PATH, body, {**headers, "X-Bench-Step": "bare"}, "bare")
        return text if status == 200 else ""

    def _send(self, path: str, body: str, headers: dict, step: str) -> tuple[int, str]:
        started = time.perf_counter()
        status, text = send(self.port, path, body, headers)
        ms = (time.perf_counter() - started) * 1000
        self.sent.append(Sent(self.phase, step, status, ms))
        return status, text

    def status(self, status: str, **extra) -> None:
        self.sequence += 1
        params = {
            "CallStatus": status,
            "SequenceNumber": str(self.sequence),
            "CallbackSource": "call-progress-events",
            "Timestamp": time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime()),
            **extra,
        }
        self.post(self.call.status_url, params, "status")

    def play(self) -> None:
        """From ringing to hanging up, as one call goes."""
        self.status("initiated")
        self.status("ringing")
        self.status("in-progress", AnsweredBy="human")
        twiml = self.post(self.call.answer_url, {"AnsweredBy": "human"}, "answer")
        caller = Caller(self.call.index)
        turns = 0
        while (action := gather_action(twiml)) and turns < MAX_TURNS:
            step, params = caller.reply(twiml)
            twiml = self.post(action, params, step)
            if step == "question" and QUESTION_NUMBER.search(twiml):
                self.last_twiml = twiml
            turns += 1
        if self.call.recorded:
            recording = "RE" + secrets.token_hex(16)
            self.post(
                self.call.recording_url,
                {
                    "RecordingSid": recording,
                    "RecordingUrl": f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}"
                    f"/Recordings/{recording}",
                    "RecordingStatus": "completed",
                    "RecordingDuration": str(20 * turns),
                    "RecordingChannels": "1",
                    "RecordingSource": "OutboundAPI",
                },
                "recording",
            )
        self.status("completed", CallDuration=str(20 * turns + 15), AnsweredBy="human")


def play_calls(
    calls: list[CallInfo], *, port: int, phase: str, bare: bool, think: float = 0.0
) -> tuple[list, float, str]:
    """Every call at once, one thread each, started together; returns what was sent, the
    seconds it took, and a question's TwiML as the server answered it."""
    sent: list[Sent] = []
    players = [Twilio(c, port=port, phase=phase, bare=bare, sent=sent, think=think) for c in calls]
    start = threading.Barrier(len(players) + 1)

    def run(player: Twilio) -> None:
        start.wait()
        player.play()

    threads = [threading.Thread(target=run, args=(p,), daemon=True) for p in players]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    twiml = next((p.last_twiml for p in players if p.last_twiml), "")
    return sent, time.perf_counter() - began, twiml


def warm_bare(port: int, requests: int) -> None:
    """A burst of bare requests, so that every worker has read the TwiML file before the
    measured run."""
    threads = [
        threading.Thread(target=send, args=(port, BARE_PATH, "", {"Host": PUBLIC_HOST}))
        for _ in range(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (never below an observed value)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def server_times(log: Path, phase: str) -> tuple[dict, dict]:
    """Server-side milliseconds per step of the phase, from gunicorn's access log: wall
    time, and the CPU time of the worker's thread."""
    wall: dict[str, list[float]] = collections.defaultdict(list)
    cpu: dict[str, list[float]] = collections.defaultdict(list)
    for line in log.read_text().splitlines():
        parts = line.split()
        if len(parts) == 6 and parts[4] == phase:
            wall[parts[5]].append(int(parts[2]) / 1000)
            if parts[3].isdigit():
                cpu[parts[5]].append(int(parts[3]) / 1000)
    return wall, cpu


def outcome(calls: list[CallInfo]) -> str:
    from django.db import connection

    from voice.models import Answer, Call, PhoneScreen, WebhookEvent

    connection.close()  # this process's connection predates the run
    sids = [c.sid for c in calls]
    screens = collections.Counter(
        PhoneScreen.objects.filter(calls__provider_call_id__in=sids).values_list(
            "status", flat=True
        )
    )
    consent = collections.Counter(
        Call.objects.filter(provider_call_id__in=sids).values_list("consent", flat=True)
    )
    answers = Answer.objects.filter(call__provider_call_id__in=sids).exclude(transcript="")
    events = collections.Counter(
        WebhookEvent.objects.filter(verified=True).values_list("kind", flat=True)
    )
    return (
        f"screens {dict(screens)}; call consent {dict(consent)}; {answers.count()} answers "
        f"saved ({answers.exclude(follow_up_transcript='').count()} with a follow-up); "
        f"verified webhook events {dict(events)}"
    )


def _table(wall: dict, cpu: dict) -> None:
    rows = [(STEPS[step], [step]) for step in STEPS if wall.get(step)]
    rows += [("all webhooks", list(STEPS)), ("bare view, same TwiML", ["bare"])]
    bare_p99 = percentile(wall["bare"], 99)
    header = (
        f"{'server-side':<22} {'requests':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'max ms':>7} {'p99 x bare':>10} {'CPU p50':>8} {'CPU p99':>8}"
    )
    print()
    print(header)
    print("-" * len(header))
    for name, steps in rows:
        values = [ms for step in steps for ms in wall.get(step, [])]
        cpu_values = [ms for step in steps for ms in cpu.get(step, [])] or [math.nan]
        print(
            f"{name:<22} {len(values):8d} {percentile(values, 50):7.1f} "
            f"{percentile(values, 95):7.1f} {percentile(values, 99):7.1f} {max(values):7.1f} "
            f"{percentile(values, 99) / bare_p99:10.2f} {percentile(cpu_values, 50):8.1f} "
            f"{percentile(cpu_values, 99):8.1f}"
        )


def report(wall: dict, cpu: dict, sent: list[Sent], seconds: float, args) -> None:
    webhooks = [ms for step in STEPS for ms in wall.get(step, [])]
    if not webhooks or not wall.get("bare"):
        raise SystemExit("no measured requests in the access log")
    _table(wall, cpu)
    client = collections.defaultdict(list)
    for s in sent:
        client["bare" if s.step == "bare" else "webhooks"].append(s.client_ms)
    failed = collections.Counter(f"{s.step} {s.status}" for s in sent if s.status != 200)
    pace = f"a pause of 0-{2 * args.think:g} s before each" if args.think else "no pause before"
    print(
        f"\n{args.calls} calls at once ({pace} webhook request of a call) against gunicorn with "
        f"{args.workers} sync workers ({args.database}, broker {args.broker}); {len(sent)} "
        f"requests in {seconds:.1f} s ({len(sent) / seconds:.0f}/s), a bare request after "
        "each webhook request, in the same thread. Server-side = gunicorn's access-log "
        "duration (request read to response written); CPU = the worker thread's CPU time "
        "until the response started. Client round trips, listen-queue wait included: webhooks "
        f"p50 {percentile(client['webhooks'], 50):.1f} / p99 "
        f"{percentile(client['webhooks'], 99):.1f} ms, bare p50 "
        f"{percentile(client['bare'], 50):.1f} / p99 {percentile(client['bare'], 99):.1f} ms."
    )
    if failed:
        print(f"non-200 responses: {dict(failed)}")
    p99 = percentile(webhooks, 99)
    ratio = p99 / percentile(wall["bare"], 99)
    under, within = p99 < TARGET_P99_MS, ratio <= TARGET_RATIO
    verdict = "met" if under and within and not failed else "NOT met"
    print(
        f"target: webhooks' p99 under {TARGET_P99_MS:g} ms ({p99:.1f} ms: "
        f"{'yes' if under else 'no'}) and within {TARGET_RATIO:g}x the bare view's p99 "
        f"({ratio:.2f}x: {'yes' if within else 'no'}) -> {verdict}"
    )


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--calls", type=int, default=50, help="calls at once (default 50)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (default 3)")
    parser.add_argument(
        "--database-url",
        help="a throwaway PostgreSQL database (migrated and FLUSHED); default: SQLite in the "
        "temporary directory",
    )
    parser.add_argument(
        "--broker",
        choices=("redis", "filesystem"),
        help=f"where callbacks queue their task (default: Redis at {REDIS_URL} if it answers)",
    )
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean seconds a call pauses before each request (uniform 0 to twice this; "
        "default 0: as fast as the server answers)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    if args.calls < 1 or args.workers < 1:
        parser.error("--calls and --workers must be at least 1")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    args.broker = args.broker or ("redis" if redis_reachable(REDIS_URL) else "filesystem")
    args.database = "PostgreSQL" if args.database_url else "SQLite"
    queue = f"bench-voice-{uuid.uuid4().hex[:8]}"
    tmp = Path(tempfile.mkdtemp(prefix="bench-voice-"))
    server = None
    try:
        env = configure(tmp, broker=args.broker, database_url=args.database_url, queue=queue)
        warmup = 2 * args.workers
        print(f"preparing {warmup} warm-up and {args.calls} measured calls ...", flush=True)
        calls = prepare(warmup + args.calls)
        from django.db import connections

        connections.close_all()
        port = free_port()
        server = start_gunicorn(tmp, env, workers=args.workers, port=port)
        _, _, twiml = play_calls(calls[:warmup], port=port, phase="warmup", bare=False)
        if not twiml:
            raise SystemExit(f"the warm-up calls got no question: see {tmp / 'gunicorn.log'}")
        (tmp / "bare.xml").write_text(twiml)
        warm_bare(port, 4 * args.workers)
        print(f"playing {args.calls} calls at once ...", flush=True)
        sent, seconds, _ = play_calls(
            calls[warmup:], port=port, phase="run", bare=True, think=args.think
        )
        stop(server)
        report(*server_times(tmp / "access.log", "run"), sent, seconds, args)
        print(f"database: {outcome(calls[warmup:])}")
    finally:
        if server is not None:
            stop(server)
        if args.broker == "redis":
            forget_queue(queue)
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


def forget_queue(queue: str) -> None:
    """Delete this run's queue (tasks nobody will run) and its bindings from Redis."""
    import redis

    with contextlib.suppress(redis.RedisError):
        redis.Redis.from_url(REDIS_URL).delete(
            queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
