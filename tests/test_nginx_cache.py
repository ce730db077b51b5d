"""nginx as the cache in front of two app servers on one PostgreSQL database, deployed
from ``deploy/`` as shipped (tests/nginx_server.py puts in only ports and folders): a
real nginx (Debian's), a real PostgreSQL, two real ``summitcal serve``.

Feeds are served from the cache and revalidated with the app's ETag; nginx answers
clients' conditional requests itself; an edit reaches every client within max-age with
one SEQUENCE bump; a private feed never goes into the cache; an app server killed under
load costs no request and no data; slow clients wait in nginx, not in the app."""

from __future__ import annotations

import http.client
import itertools
import json
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import Result

from test_server_faults import trickling

from app_servers import free_port
from conftest import EXAMPLE, settled
from nginx_server import Deployment, NginxServer, deployment, unit_command, unit_text
from postgres_server import PostgresServer
from test_web import private_copy

Run = Callable[..., Result]
MAX_AGE = 2  # serve --max-age: seconds nginx keeps a feed before it revalidates
# nginx counts a copy's age in whole seconds: it may keep one up to a second longer.
STALE_AT_MOST = MAX_AGE + 1
FEED = "/calendars/japan-peru-2024.ics"
SECRET = "secret-visit"
PRIVATE = f"/calendars/{SECRET}.ics"
# Seconds: the longest a request may wait while an app server dies or starts (the
# tests' machine may be busy: a server's workers then take a second or two to boot,
# and nginx's share of requests waits for them); a server that hung would cost nginx's
# read timeout, 30 s.
MOMENT = 5.0


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Message
    body: bytes
    took: float  # seconds

    @property
    def cache(self) -> str:
        """nginx's ``$upstream_cache_status``: MISS, HIT, REVALIDATED, BYPASS…"""
        return self.headers.get("X-Cache-Status", "")


def get(base: str, path: str, **headers: str) -> Answer:
    """GET ``path`` of ``base`` on a connection of its own (``If_None_Match=`` for
    ``If-None-Match``)."""
    address = urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=10)
    started = time.monotonic()
    try:
        connection.request(
            "GET", path, headers={k.replace("_", "-"): v for k, v in headers.items()}
        )
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    return Answer(response.status, response.headers, body, time.monotonic() - started)


def sequences(feed: bytes) -> dict[str, int]:
    """Each event's SEQUENCE, by its UID."""
    uids = re.findall(rb"^UID:(\S+)\r$", feed, re.MULTILINE)
    numbers = re.findall(rb"^SEQUENCE:(\d+)\r$", feed, re.MULTILINE)
    assert len(uids) == len(numbers) > 0
    return {uid.decode(): int(n) for uid, n in zip(uids, numbers, strict=True)}


def moved_luncheon(schedule: Path) -> None:
    """The luncheon 15 minutes later, written as a publisher does (a new file renamed
    into place), and dated back so that the servers take it at once."""
    text = schedule.read_text(encoding="utf-8").replace("T12:45:00", "T13:00:00")
    assert text != schedule.read_text(encoding="utf-8")
    draft = schedule.with_suffix(".draft")
    draft.write_text(text, encoding="utf-8")
    settled(draft).replace(schedule)


def versions(run: Run, state: str, schedule_id: str = "japan-peru-2024") -> list[int]:
    result = run("history", schedule_id, "--state", state, "--json")
    assert result.exit_code == 0, result.output
    return [v["version"] for v in json.loads(result.stdout)["versions"]]


def connections(port: int) -> int:
    """How many TCP connections to ``port`` of this machine are open (Linux's
    /proc/net/tcp: each line a socket, ``01`` ESTABLISHED)."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            count += state == "01" and int(local.rsplit(":", 1)[1], 16) == port
    return count


def app_log(stack: Deployment) -> str:
    return "".join(path.read_text() for path in sorted(stack.logs.glob("app-*.log")))


@pytest.fixture
def visits(tmp_path: Path) -> Path:
    """The folder both app servers serve: the example, and a private copy of it."""
    folder = tmp_path / "visits"
    folder.mkdir()
    settled(Path(shutil.copy(EXAMPLE, folder / EXAMPLE.name)))
    private_copy(folder, SECRET)
    return folder


@pytest.fixture
def stack(postgres: PostgresServer, visits: Path, tmp_path: Path) -> Iterator[Deployment]:
    with deployment(visits, postgres.new_database(), tmp_path, max_age=MAX_AGE) as deployed:
        yield deployed


@pytest.fixture
def token(stack: Deployment, run: Run) -> str:
    """A token of the private schedule, made as the README makes one."""
    result = run("tokens", "create", SECRET, "--state", stack.state)
    assert result.exit_code == 0, result.output
    return result.stdout.rsplit("token=", 1)[1].strip()


def test_the_shipped_configuration_passes_nginx_t() -> None:
    """``nginx -t`` on deploy/nginx/summitcal.conf, without a warning; and the systemd
    unit's command line is a ``summitcal serve`` of the folder on the database given."""
    nginx = NginxServer([free_port(), free_port()])
    try:
        said = nginx.check()
    finally:
        nginx.stop()
    assert "syntax is ok" in said and "test is successful" in said
    assert "[warn]" not in said and "[emerg]" not in said, said
    command = unit_command(8001, Path("/srv/visits"), "postgresql://db/summitcal")
    assert command[0].endswith("/summitcal")
    assert command[1:] == [
        "serve",
        "/srv/visits",
        "--host",
        "127.0.0.1",
        "--port",
        "8001",
        "--workers",
        "2",
        "--state",
        "postgresql://db/summitcal",
    ]


def test_the_systemd_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    """The unit as shipped but for where summitcal is installed: systemd reads every
    line of it (an unknown key is only a warning, so the test wants no output at all)."""
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed (Debian's systemd package)")
    (tmp_path / "summitcal@.service").write_text(unit_text(), encoding="utf-8")
    checked = subprocess.run(
        ["systemd-analyze", "verify", str(tmp_path / "summitcal@8001.service")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (checked.returncode, checked.stdout + checked.stderr) == (0, "")


def test_feeds_come_from_the_cache_and_are_revalidated_with_the_apps_etag(
    stack: Deployment,
) -> None:
    """The feed as the app serves it, then from nginx's copy (its 304s too), then
    revalidated once max-age has passed (the app answers nginx's If-None-Match with a
    304); and with every app server down, the copy nginx has rather than an error."""
    direct = get(stack.apps[0].base, FEED)
    first = get(stack.nginx.base, FEED)
    assert (first.status, first.cache, first.body) == (200, "MISS", direct.body)
    assert first.headers["ETag"] == direct.headers["ETag"]
    assert first.headers["Cache-Control"] == f"public, max-age={MAX_AGE}, must-revalidate"
    again = get(stack.nginx.base, FEED)
    assert (again.status, again.cache, again.body) == (200, "HIT", direct.body)
    # Clients' conditional requests: nginx answers them from its copy.
    for condition in (
        {"If_None_Match": direct.headers["ETag"]},
        {"If_Modified_Since": direct.headers["Last-Modified"]},
    ):
        current = get(stack.nginx.base, FEED, **condition)
        assert (current.status, current.cache, current.body) == (304, "HIT", b""), condition
        assert current.headers["ETag"] == direct.headers["ETag"]
    # Once the copy is older than max-age, nginx asks the app with its ETag: a 304.
    deadline = time.monotonic() + STALE_AT_MOST + 2
    while (answer := get(stack.nginx.base, FEED)).cache != "REVALIDATED":
        assert answer.cache == "HIT" and time.monotonic() < deadline, answer.cache
        time.sleep(0.1)
    assert (answer.status, answer.body) == (200, direct.body)
    revalidations = [line for line in stack.nginx.log().splitlines() if "REVALIDATED" in line]
    assert len(revalidations) == 1 and "upstream_status=304" in revalidations[0]
    # The app servers saw one GET of the feed (and ours) and one revalidation (each logs
    # a request once it has answered it, so perhaps after nginx has passed the answer on).
    deadline = time.monotonic() + 2
    while len(logged := re.findall(rf'"GET {re.escape(FEED)}" (\d+)', app_log(stack))) < 3:
        assert time.monotonic() < deadline, logged
        time.sleep(0.05)
    assert sorted(logged) == ["200", "200", "304"], logged
    # Every app server down: nginx serves the copy it has, past max-age, rather than an
    # error (X-Cache-Status: STALE); what it has no copy of is a 502.
    for app in stack.apps:
        app.kill()
    deadline = time.monotonic() + STALE_AT_MOST + 2
    while (answer := get(stack.nginx.base, FEED)).cache != "STALE":
        assert answer.cache == "HIT" and time.monotonic() < deadline, answer.cache
        time.sleep(0.1)
    assert (answer.status, answer.body) == (200, direct.body)
    assert get(stack.nginx.base, "/healthz").status == 502


def test_an_edit_reaches_every_client_within_max_age_with_one_sequence_bump(
    stack: Deployment, run: Run
) -> None:
    """Six clients poll through nginx (three with If-None-Match, as calendar apps do)
    while the file is edited: each sees the new version within max-age (and nginx's
    rounding) of the edit, never the old one after it, every 200 one of the two
    versions whole; the app servers agree with nginx; the ledger has one new version,
    with the moved event's SEQUENCE one up and the others' unchanged."""
    before = get(stack.nginx.base, FEED)
    assert before.status == 200
    stop = threading.Event()
    seen: list[list[tuple[float, str]]] = [[] for _ in range(6)]
    bodies: set[bytes] = set()
    statuses: set[int] = set()

    def poll(index: int) -> None:
        held = ""
        while not stop.is_set():
            conditional = {"If_None_Match": held} if held and index % 2 else {}
            answer = get(stack.nginx.base, FEED, **conditional)
            statuses.add(answer.status)
            if answer.status == 200:
                bodies.add(answer.body)
            held = answer.headers["ETag"]
            seen[index].append((time.monotonic(), held))
            time.sleep(0.02)

    clients = [threading.Thread(target=poll, args=(i,)) for i in range(len(seen))]
    for client in clients:
        client.start()
    try:
        time.sleep(0.3)
        moved_luncheon(stack.folder / EXAMPLE.name)
        edited = time.monotonic()
        new_etag = ""
        deadline = edited + STALE_AT_MOST + 2  # the servers' settle and publish: < 2 s
        while time.monotonic() < deadline:
            new_etag = get(stack.apps[0].base, FEED).headers["ETag"]
            latest = [answers[-1][1] for answers in seen if answers]
            if new_etag != before.headers["ETag"] and latest == [new_etag] * len(seen):
                break
            time.sleep(0.05)
        time.sleep(0.3)  # a few more answers each, after the change
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=15)
    assert new_etag != before.headers["ETag"]
    assert statuses == {200, 304}
    for answers in seen:
        etags = [etag for _, etag in answers]
        assert etags[0] == before.headers["ETag"] and etags[-1] == new_etag
        first_new = etags.index(new_etag)
        assert set(etags[first_new:]) == {new_etag}, "the old version after the new one"
        took = answers[first_new][0] - edited
        assert took <= STALE_AT_MOST + 2, f"the new version {took:.1f} s after the edit"
    after = get(stack.nginx.base, FEED)
    for app in stack.apps:  # both servers serve the same bytes
        direct = get(app.base, FEED)
        assert (direct.headers["ETag"], direct.body) == (new_etag, after.body)
    assert bodies == {before.body, after.body}
    assert b"DTSTART;TZID=America/Lima:20241117T130000" in after.body
    old, new = sequences(before.body), sequences(after.body)
    assert {uid: new[uid] - old[uid] for uid in old if new[uid] != old[uid]} == {
        "luncheon.japan-peru-2024@summitcal.invalid": 1
    }
    # The publisher's own publish, from elsewhere, of what the servers already
    # published: nothing new.
    published = run("publish", str(stack.folder / EXAMPLE.name), "--state", stack.state)
    assert published.exit_code == 0, published.output
    assert versions(run, stack.state) == [2, 1]
    assert get(stack.nginx.base, FEED).headers["ETag"] == new_etag


def test_a_private_feed_never_comes_from_the_cache(stack: Deployment, token: str, run: Run) -> None:
    """With its token, the private feed passes the cache (its 304s come from the app);
    without it, or with a wrong one, nginx says what the app says (404), never the
    feed's bytes; nothing of it is kept in the cache, and no log of nginx's holds the
    token. A public feed made private leaves the cache within max-age."""
    with_token = f"{PRIVATE}?token={token}"
    direct = get(stack.apps[0].base, with_token)
    assert direct.status == 200 and direct.headers["Cache-Control"].startswith("private")
    for _ in range(2):
        answer = get(stack.nginx.base, with_token, Referer=f"http://x/p?token={token}")
        assert (answer.status, answer.cache, answer.body) == (200, "BYPASS", direct.body)
    current = get(stack.nginx.base, with_token, If_None_Match=direct.headers["ETag"])
    assert (current.status, current.body) == (304, b"")
    # The token spelled so that nginx does not see it (werkzeug decodes %74 to t): the
    # app's Cache-Control: private still keeps it out of the cache.
    hidden = f"{PRIVATE}?%74oken={token}"
    for _ in range(2):
        answer = get(stack.nginx.base, hidden)
        assert (answer.status, answer.cache, answer.body) == (200, "MISS", direct.body)
    for path in (PRIVATE, f"{PRIVATE}?token=wrong", f"{PRIVATE}?token=", f"/calendars/{SECRET}"):
        for _ in range(2):
            answer = get(stack.nginx.base, path)
            assert answer.status == 404 and answer.cache != "HIT", (path, answer.cache)
            assert b"BEGIN:VCALENDAR" not in answer.body and b"Summit" not in answer.body
    kept = [path.read_bytes() for path in (stack.nginx.folder / "cache").rglob("*")]
    assert not any(SECRET.encode() in data or token.encode() in data for data in kept)
    # The public feed, cached, then made private in its file.
    assert get(stack.nginx.base, FEED).status == 200
    assert get(stack.nginx.base, FEED).cache == "HIT"
    private_copy(stack.folder, "japan-peru-2024")  # same id, now private, same file name
    changed = time.monotonic()
    while (answer := get(stack.nginx.base, FEED)).status == 200:
        assert time.monotonic() - changed < STALE_AT_MOST + 2, "still served from the cache"
        time.sleep(0.05)
    assert answer.status == 404 and b"BEGIN:VCALENDAR" not in answer.body
    for _ in range(3):
        assert get(stack.nginx.base, FEED).status == 404
    for log in ("access.log", "error.log", "nginx-access.log", "nginx-error.log"):
        assert token not in stack.nginx.log(log), log


@dataclass(frozen=True)
class Fetch:
    """One request of the load: when it began and ended, and what came of it."""

    began: float
    ended: float
    path: str
    answer: Answer | None
    error: str = ""

    def overlaps(self, start: float, end: float) -> bool:
        return self.began <= end and start <= self.ended


def test_an_app_server_killed_or_restarted_under_load_costs_no_request_or_data(
    stack: Deployment, token: str, run: Run
) -> None:
    """Eight clients fetch through nginx (the public feed, mostly from the cache; the
    private feed and /healthz, which go to an app server each time) while one app
    server is killed with SIGKILL (master and workers at once), the file is edited and
    published by the other, the first is started again and, once it is back in nginx's
    rotation, the other is restarted as systemctl does it.

    Every request is answered, nginx trying the other server, and none waits more than
    a moment, but for one case: an answer the killed server had begun to send (its
    headers, written apart from its body, already passed on by nginx) is cut short. So
    the bound is at most one request per client, each in flight at the kill. Each
    client sees SEQUENCE only go up; afterwards both servers serve the same new version
    and the ledger has it once."""
    paths = [FEED, f"{PRIVATE}?token={token}", "/healthz"]
    stop = threading.Event()
    fetches: list[list[Fetch]] = [[] for _ in range(8)]

    def load(index: int) -> None:
        for turn in itertools.count(index):
            if stop.is_set():
                return
            path = paths[turn % len(paths)]
            began = time.monotonic()
            try:
                answer: Answer | None = get(stack.nginx.base, path)
                error = ""
            except (OSError, http.client.HTTPException) as failure:
                answer, error = None, repr(failure)
            fetches[index].append(Fetch(began, time.monotonic(), path, answer, error))

    clients = [threading.Thread(target=load, args=(i,)) for i in range(len(fetches))]
    for client in clients:
        client.start()
    try:
        time.sleep(0.8)
        kill_began = time.monotonic()
        stack.apps[0].kill()
        kill_ended = time.monotonic()
        time.sleep(0.3)
        moved_luncheon(stack.folder / EXAMPLE.name)
        deadline = time.monotonic() + STALE_AT_MOST + 2
        while b"T130000" not in get(stack.nginx.base, FEED).body:
            assert time.monotonic() < deadline, "the edit never reached nginx"
            time.sleep(0.05)
        restarted = stack.start_app(0)
        # Back in rotation once nginx's fail_timeout (5 s) has passed.
        deadline = time.monotonic() + 8
        log = stack.logs / "app-0-1.log"
        while f'"GET /calendars/{SECRET}.ics"' not in log.read_text():
            assert time.monotonic() < deadline, "nginx never sent the restarted server a request"
            time.sleep(0.1)
        # A restart as systemctl makes one (SIGTERM, then a new process), of the other.
        stack.apps[1].stop()
        time.sleep(0.3)
        stack.start_app(1)
        time.sleep(0.3)
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=15)
    done = [fetch for own in fetches for fetch in own]
    failed = [f for f in done if f.answer is None or f.answer.status != 200]
    cut = [f for f in failed if f.overlaps(kill_began, kill_ended) and f.answer is None]
    assert [f for f in failed if f not in cut] == [], failed[:5]
    assert len(cut) <= len(fetches), cut
    slow = [f for f in done if f.ended - f.began > MOMENT]
    assert slow == [], slow[:5]
    assert sum(f.began > kill_ended for f in done) > 100, "too little load after the kill"
    # nginx did meet the dead servers, and went on to the other one.
    retried = [line for line in stack.nginx.log().splitlines() if "upstream=127.0.0.1:" in line]
    assert sum(", " in line.split("upstream=", 1)[1] for line in retried) >= 2
    for own in fetches:
        luncheon = [
            sequences(f.answer.body)["luncheon.japan-peru-2024@summitcal.invalid"]
            for f in own
            if f.path == FEED and f.answer is not None
        ]
        assert luncheon == sorted(luncheon), "SEQUENCE went down"
    new = get(stack.apps[1].base, FEED)
    again = get(restarted.base, FEED)  # the one killed
    assert (again.headers["ETag"], again.body) == (new.headers["ETag"], new.body)
    assert sequences(new.body)["luncheon.japan-peru-2024@summitcal.invalid"] == 1
    assert versions(run, stack.state) == [2, 1]
    assert versions(run, stack.state, SECRET) == [1]
    for log in ("access.log", "error.log", "nginx-access.log", "nginx-error.log"):
        assert token not in stack.nginx.log(log), log  # nginx's errors quote the query


def test_slow_clients_wait_in_nginx_not_in_the_app(stack: Deployment, token: str) -> None:
    """160 clients trickle a request into nginx, a byte a second: 80 their headers, 80
    the body of a POST /api/extract. The app servers have 128 threads in all (2 × 2
    workers × 32), so had nginx passed them on as they came, nothing would be left for
    anyone else; nginx reads each request whole first, so the app servers have no
    connection of theirs open, and both, and nginx for the requests that go to them,
    still answer at once."""
    port = int(stack.nginx.base.rsplit(":", 1)[1])
    post = (
        b"POST /api/extract HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
        b"Content-Length: 900\r\n\r\n"
    )
    stop = threading.Event()
    with (
        trickling(port, 80, stop) as heads,
        trickling(port, 80, stop, sent=post, trickled=b"On 17 November") as bodies,
    ):
        time.sleep(1.5)  # each has sent a byte or two
        started = time.monotonic()
        for _ in range(10):
            for base, path in [
                (stack.nginx.base, f"{PRIVATE}?token={token}"),
                (stack.nginx.base, "/healthz"),
                *((app.base, f"{PRIVATE}?token={token}") for app in stack.apps),
            ]:
                answer = get(base, path)
                assert answer.status == 200 and answer.took < 1.0, (base, path, answer.took)
        took = time.monotonic() - started
        held = [connections(int(app.base.rsplit(":", 1)[1])) for app in stack.apps]
        assert set(heads) == set(bodies) == {None}, "nginx closed a slow client early"
    assert took < 4.0, f"40 requests took {took:.1f} s beside 160 slow clients"
    # nginx's own connections to each app server, kept for the next request: a few.
    assert max(held) <= 8, f"connections open to the app servers: {held}"
    assert "/api/extract" not in app_log(stack), "a trickled body reached an app server"
