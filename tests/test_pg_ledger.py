"""What only the PostgreSQL ledger does, against a real server (the ``postgres`` fixture):
its schema versions and upgrades, publishers of one schedule taking turns, hearing of
others' publishes (LISTEN/NOTIFY, and polling when the listening connection is lost), and
a server that cannot be used said in one line, without its password. What every backend
does is in ``ledger_contract.py``."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from click.testing import Result

from summitcal import __version__
from summitcal.model import Schedule
from summitcal.revisions import LedgerError, migrations, open_ledger, pg_migrations
from summitcal.revisions.pg_hearing import LISTENER_NAME
from summitcal.revisions.pg_ledger import PUBLISH_LOCK, PostgresLedger
from summitcal.state_url import ServerUrl, locate

from conftest import EXAMPLE, Clock
from ledger_contract import feed_of, field, heard, moved, vevents
from postgres_server import PostgresServer
from test_web import free_port

Run = Callable[..., Result]


def server_url(url: str) -> ServerUrl:
    found = locate(url, "the revision ledger")
    assert isinstance(found, ServerUrl)
    return found


@pytest.fixture
def ledgers(clock: Clock) -> Iterator[Callable[..., PostgresLedger]]:
    """Open PostgreSQL ledgers on the test's clock; all closed when the test ends."""
    opened: list[PostgresLedger] = []

    def open_it(url: str, **options: object) -> PostgresLedger:
        settings: dict[str, object] = {"clock": clock, "sleep": clock.sleep, **options}
        opened.append(PostgresLedger(server_url(url), **settings))  # type: ignore[arg-type]
        return opened[-1]

    yield open_it
    for ledger in opened:
        ledger.close()


def schema(url: str) -> int:
    with psycopg.connect(url) as db:
        found = db.execute("SELECT value FROM ledger_meta WHERE key = 'schema'").fetchone()
    assert found is not None
    return int(found[0])


# -- schema versions --------------------------------------------------------------------


def test_the_schema_versions_are_sqlites() -> None:
    """The same versions, for the same reasons: a ledger moved from one to the other
    (or a release that upgrades both) means the same by each number."""
    assert [(m.to_version, m.what, m.reads_without) for m in pg_migrations.MIGRATIONS] == [
        (m.to_version, m.what, m.reads_without) for m in migrations.MIGRATIONS
    ]


def test_a_new_ledger_is_made_at_the_latest_schema(
    postgres: PostgresServer, ledgers: Callable[..., PostgresLedger]
) -> None:
    url = postgres.new_database()
    ledger = ledgers(url)
    ledger.check()
    assert ledger.created_new and schema(url) == migrations.SCHEMA_VERSION
    with psycopg.connect(url) as db:
        assert db.execute("SELECT count(*) FROM ledger_upgrades").fetchone() == (0,)
    again = ledgers(url)
    again.check()
    assert not again.created_new


def test_an_older_ledger_is_upgraded_in_place_once(
    postgres: PostgresServer, ledgers: Callable[..., PostgresLedger], example: Schedule
) -> None:
    url = postgres.new_database()
    old = ledgers(url, migrations=())  # schema 1, as the first releases made it
    old.publish(example)
    before = feed_of(old, example.id)
    old.close()
    assert schema(url) == 1
    reader = open_ledger(url, create=False, upgrade=False)  # a look at its history
    with closing(reader):
        assert reader.versions() == {example.id: 1}
    assert schema(url) == 1, "a reader never upgrades what reads the same without it"
    first, second = ledgers(url), ledgers(url)
    opened = [threading.Thread(target=ledger.check) for ledger in (first, second)]
    for thread in opened:
        thread.start()
    for thread in opened:
        thread.join()
    assert schema(url) == 2
    with psycopg.connect(url) as db:
        upgrades = db.execute("SELECT from_version, to_version, release FROM ledger_upgrades")
        assert upgrades.fetchall() == [(1, 2, __version__)], "two servers upgrade it once"
        (index,) = db.execute("SELECT to_regclass('ledger_changes_by_event')").fetchone() or (None,)
        assert index is not None
    assert feed_of(first, example.id) == before, "every SEQUENCE, stamp and byte the same"


def test_a_newer_schema_is_refused(
    postgres: PostgresServer, ledgers: Callable[..., PostgresLedger], example: Schedule
) -> None:
    url = postgres.new_database()
    ledgers(url).publish(example)
    with psycopg.connect(url) as db:
        db.execute("UPDATE ledger_meta SET value = '99' WHERE key = 'schema'")
    with pytest.raises(LedgerError) as refused:
        ledgers(url).versions()
    assert str(refused.value) == (
        f"{url}: the ledger was written by a newer summitcal (schema 99); upgrade summitcal "
        "to use it"
    )


# -- publishers take turns ----------------------------------------------------------------


def test_publishers_of_one_schedule_take_turns(postgres: PostgresServer, example: Schedule) -> None:
    """Four servers publish two versions of one schedule in turn, as fast as they can.
    Without the lock two would read the same version and write the same next one (a
    primary key refused, or a SEQUENCE skipped); with it every version follows the one
    before, each with its changes."""
    url = postgres.new_database()
    seconds = itertools.count()
    lock = threading.Lock()

    def clock() -> datetime:  # a second on at each reading: never too soon
        with lock:
            return datetime(2024, 11, 17, 12, tzinfo=UTC) + timedelta(seconds=next(seconds))

    versions = [example, moved(example, "luncheon", 30)]
    failures: list[BaseException] = []
    servers = [PostgresLedger(server_url(url), clock=clock) for _ in range(4)]

    def publish_all(ledger: PostgresLedger, start: int) -> None:
        try:
            for round_ in range(8):
                ledger.publish(versions[(start + round_) % 2])
        except BaseException as error:  # reported below, with the others'
            failures.append(error)

    threads = [
        threading.Thread(target=publish_all, args=(ledger, n)) for n, ledger in enumerate(servers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    history = servers[0].history(example.id)
    numbers = [v.version for v in history]
    assert numbers == list(range(len(numbers), 0, -1)) and len(numbers) > 2
    assert all(v.changes for v in history), "a version without changes was written"
    luncheon = servers[0].release(example.id)
    assert luncheon is not None
    assert luncheon.stamps["luncheon"].sequence == len(numbers) - 1, "one bump per version"
    for ledger in servers:
        ledger.close()


def test_a_lock_held_too_long_is_one_message_and_nothing_written(
    postgres: PostgresServer, example: Schedule
) -> None:
    url = postgres.new_database()
    ledger = PostgresLedger(server_url(url), timeout=0.5)
    ledger.check()
    with psycopg.connect(url) as other:  # another publisher of this schedule, in its transaction
        other.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (PUBLISH_LOCK, example.id))
        with pytest.raises(LedgerError) as refused:
            ledger.publish(example)
    assert str(refused.value) == (
        f"{url}: the schedule stayed locked by another publisher for 0.5 s; try again"
    )
    assert ledger.versions() == {}
    ledger.publish(example)  # the lock let go
    assert ledger.versions() == {example.id: 1}
    ledger.close()


# -- hearing of others' publishes ----------------------------------------------------------


def test_a_publish_is_heard_at_once_not_at_the_next_poll(
    postgres: PostgresServer,
    ledgers: Callable[..., PostgresLedger],
    example: Schedule,
    clock: Clock,
) -> None:
    url = postgres.new_database()
    ours = ledgers(url, poll_seconds=3600)  # a poll would not come within the test
    theirs = ledgers(url)
    assert ours.changed() is True and ours.changed() is False
    theirs.publish(example)
    assert heard(ours, within=2.0)
    clock.advance(minutes=1)
    theirs.publish(moved(example, "luncheon", 5))
    assert heard(ours, within=2.0)
    assert ours.changed() is False


def test_a_lost_listener_is_news_then_polling_until_it_listens_again(
    postgres: PostgresServer,
    ledgers: Callable[..., PostgresLedger],
    example: Schedule,
    clock: Clock,
) -> None:
    url = postgres.new_database()
    ours = ledgers(url, poll_seconds=0.05)
    theirs = ledgers(url)
    theirs.publish(example)
    assert ours.changed() is True and ours.changed() is False
    with psycopg.connect(url, autocommit=True) as admin:
        (ended,) = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = %s AND datname = current_database()",
            (LISTENER_NAME,),
        ).fetchone() or (0,)
    assert ended == 1
    assert heard(ours), "what was said while it was not listening may be lost: news"
    clock.advance(minutes=1)
    theirs.publish(moved(example, "luncheon", 5))  # heard by polling (or listening again)
    assert heard(ours)
    assert ours.versions() == {example.id: 2}
    assert ours.changed() is False


# -- a server that cannot be used ------------------------------------------------------------


def unreachable() -> str:
    return f"postgresql://summitcal:secret@127.0.0.1:{free_port()}/summitcal"


def test_an_unreachable_server_is_a_ledger_error_without_the_password() -> None:
    url = unreachable()
    ledger = open_ledger(url)
    with pytest.raises(LedgerError) as refused:
        ledger.check()
    message = str(refused.value)
    assert message.startswith(f"{url.replace(':secret@', ':***@')}: cannot use the PostgreSQL")
    assert "secret" not in message and "\n" not in message
    assert refused.value.exit_code == 3 and refused.value.http_status == 503


@pytest.mark.parametrize(
    "args",
    [
        ["publish", str(EXAMPLE), "--state"],
        ["history", "japan-peru-2024", "--state"],
        ["export", str(EXAMPLE), "--ledger"],
        ["serve", "--state"],
        ["tokens", "list", "--state"],
    ],
    ids=" ".join,
)
@pytest.mark.parametrize("kind", ["unreachable", "unreadable"])
def test_the_commands_say_a_server_they_cannot_use_in_one_line_exit_3(
    run: Run, args: list[str], kind: str
) -> None:
    url = unreachable() if kind == "unreachable" else "postgresql://admin:secret@db/x?nope=1"
    result = run(*args, url)
    assert (result.exit_code, result.stdout) == (3, ""), result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("summitcal: postgresql://") and "secret" not in line
    assert ":***@" in line


def test_publish_history_and_export_on_postgresql(
    run: Run, postgres: PostgresServer, tmp_path: Path
) -> None:
    url = postgres.new_database()
    published = run("publish", str(EXAMPLE), "--state", url)
    assert published.exit_code == 0, published.output
    assert published.stdout.startswith(
        f"japan-peru-2024: published version 1 (4 changes) to {url}\n"
    )
    shown = run("history", "japan-peru-2024", "--state", url)
    assert shown.stdout.splitlines()[0] == "Japan–Peru Summit Meeting (japan-peru-2024): 1 version"
    exported = run("export", str(EXAMPLE), "--ledger", url)
    sqlite = tmp_path / "ledger.sqlite3"
    run("publish", str(EXAMPLE), "--state", str(sqlite))
    from_sqlite = run("export", str(EXAMPLE), "--ledger", str(sqlite)).stdout_bytes
    assert exported.exit_code == 0
    ours, theirs = vevents(exported.stdout_bytes), vevents(from_sqlite)
    assert ours.keys() == theirs.keys()
    for event_id, vevent in ours.items():
        assert field(vevent, "SEQUENCE") == field(theirs[event_id], "SEQUENCE") == "0"
    later = tmp_path / "visit.toml"
    later.write_text(EXAMPLE.read_text(encoding="utf-8").replace("T12:45:00", "T13:00:00"))
    refused = run("export", str(later), "--ledger", url)
    assert refused.exit_code == 1 and "not yet published" in refused.stderr
    empty = postgres.new_database()
    missing = run("history", "japan-peru-2024", "--state", empty)
    assert (missing.exit_code, missing.stderr) == (
        1,
        f"summitcal: {empty}: no such ledger; publish a schedule first (summitcal publish)\n",
    )


def test_the_password_never_shows_in_what_publish_prints(
    run: Run, postgres: PostgresServer
) -> None:
    url = postgres.new_database()
    with_password = url.replace("summitcal@", "summitcal:secret@")  # trust: any password
    published = run("publish", str(EXAMPLE), "--state", with_password)
    assert published.exit_code == 0, published.output
    assert "secret" not in published.output and "summitcal:***@" in published.stdout


def test_a_schedule_too_large_for_the_ledger_is_refused_before_any_write(
    postgres: PostgresServer, ledgers: Callable[..., PostgresLedger], example: Schedule
) -> None:
    url = postgres.new_database()
    ledger = ledgers(url)
    ledger.publish(example)
    broken = replace(example, events=(replace(example.events[0], title="\ud800"),))
    with pytest.raises(LedgerError, match="cannot be published"):
        ledger.publish(broken)
    assert ledger.versions() == {example.id: 1}
