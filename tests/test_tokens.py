"""Private schedules: hashed tokens in SQLite and in PostgreSQL (a real server, the
``postgres`` fixture), and what the service shows without one."""

from __future__ import annotations

import hashlib
import sqlite3
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from click.testing import Result
from flask.testing import FlaskClient

from summitcal.pg_tokens import PostgresTokenStore
from summitcal.sqlite_tokens import SqliteTokenStore
from summitcal.tokens import TokenError, TokenStore, TokenStoreError, open_tokens
from summitcal.web import create_app

from conftest import EXAMPLE, settled
from postgres_server import PostgresServer
from test_web import free_port, running_server

Run = Callable[..., Result]
FEED = "/calendars/japan-peru-2024.ics"


@pytest.fixture
def store(tmp_path: Path) -> SqliteTokenStore:
    return SqliteTokenStore(tmp_path / "state" / "summitcal.sqlite3")


@pytest.fixture(params=["sqlite", "postgresql"])
def state_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a new, empty store of each backend."""
    if request.param == "sqlite":
        return f"sqlite://{tmp_path / 'state' / 'summitcal.sqlite3'}"
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.new_database()


@pytest.fixture
def any_store(state_url: str) -> Iterator[TokenStore]:
    store = open_tokens(state_url)
    yield store
    if isinstance(store, PostgresTokenStore):
        store.close()


class TestEveryStore:
    def test_a_token_opens_its_schedule_only(self, any_store: TokenStore) -> None:
        store = any_store
        token, info = store.create("japan-peru-2024", "Press office")
        assert store.allows("japan-peru-2024", token)
        assert not store.allows("other-visit", token)
        assert not store.allows("japan-peru-2024", token + "x")
        assert not store.allows("japan-peru-2024", "")
        assert [(i.id, i.label, i.revoked) for i in store.list()] == [
            (info.id, "Press office", None)
        ]
        assert store.list("other-visit") == []

    def test_revoked_tokens_stop_working(self, any_store: TokenStore) -> None:
        store = any_store
        token, info = store.create("japan-peru-2024")
        revoked = store.revoke(info.id)
        assert revoked.revoked is not None and revoked.id == info.id
        assert store.revoke(info.id) == revoked, "revoked once, dated once"
        assert not store.allows("japan-peru-2024", token)
        with pytest.raises(TokenError, match="no token with id 'nope'"):
            store.revoke("nope")


class TestPostgresStore:
    def test_only_a_hash_is_stored(self, postgres: PostgresServer) -> None:
        url = postgres.new_database()
        store = open_tokens(url)
        assert isinstance(store, PostgresTokenStore)
        token, _info = store.create("japan-peru-2024")
        store.close()
        with psycopg.connect(url) as db:
            rows = db.execute("SELECT * FROM tokens").fetchall()
            assert rows and token not in repr(rows)
            assert rows[0][2] == hashlib.sha256(token.encode()).hexdigest()

    def test_a_store_keeps_its_schema_and_refuses_a_newer_one(
        self, postgres: PostgresServer
    ) -> None:
        url = postgres.new_database()
        store = open_tokens(url)
        token, _info = store.create("japan-peru-2024")
        with psycopg.connect(url) as db:
            assert db.execute("SELECT value FROM tokens_meta").fetchall() == [("1",)]
            db.execute("UPDATE tokens_meta SET value = '2' WHERE key = 'schema'")
        with pytest.raises(TokenStoreError) as refused, closing(open_tokens(url)) as again:
            again.allows("japan-peru-2024", token)
        assert str(refused.value) == (
            f"{url}: the token database was written by a newer summitcal (token schema 2); "
            "upgrade summitcal to use it"
        )
        assert refused.value.exit_code == 3
        assert isinstance(store, PostgresTokenStore)
        store.close()

    def test_an_unreachable_server_is_one_message_without_the_password(self) -> None:
        url = f"postgresql://summitcal:secret@127.0.0.1:{free_port()}/summitcal"
        with pytest.raises(TokenStoreError) as refused:
            open_tokens(url).list()
        message = str(refused.value)
        assert message.startswith("postgresql://summitcal:***@127.0.0.1:")
        assert "cannot use the token database" in message and "secret" not in message


class TestStore:
    def test_a_token_opens_its_schedule_only(self, store: SqliteTokenStore) -> None:
        token, info = store.create("japan-peru-2024", "Press office")
        assert store.allows("japan-peru-2024", token)
        assert not store.allows("other-visit", token)
        assert not store.allows("japan-peru-2024", token + "x")
        assert [(i.id, i.label, i.revoked) for i in store.list()] == [
            (info.id, "Press office", None)
        ]

    def test_only_a_hash_is_stored(self, store: SqliteTokenStore) -> None:
        token, _info = store.create("japan-peru-2024")
        with sqlite3.connect(store.path) as db:
            dumped = "\n".join(db.iterdump())
        assert token not in dumped
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)

    def test_revoked_tokens_stop_working(self, store: SqliteTokenStore) -> None:
        token, info = store.create("japan-peru-2024")
        revoked = store.revoke(info.id)
        assert revoked.revoked is not None
        assert not store.allows("japan-peru-2024", token)
        with pytest.raises(TokenError, match="no token with id 'nope'"):
            store.revoke("nope")

    def test_no_database_allows_nothing_and_creates_nothing(self, store: SqliteTokenStore) -> None:
        assert not store.allows("japan-peru-2024", "anything")
        assert not store.path.exists()

    def test_a_store_keeps_its_schema_and_refuses_a_newer_one(
        self, store: SqliteTokenStore
    ) -> None:
        token, _info = store.create("japan-peru-2024")
        with sqlite3.connect(store.path) as db:
            assert db.execute("SELECT value FROM tokens_meta WHERE key = 'schema'").fetchone() == (
                "1",
            )
            db.execute("UPDATE tokens_meta SET value = '2' WHERE key = 'schema'")
        for use in (store.list, lambda: store.allows("japan-peru-2024", token)):
            with pytest.raises(TokenStoreError) as refused:
                use()
            assert str(refused.value) == (
                f"{store.path}: the token database was written by a newer summitcal (token "
                "schema 2); upgrade summitcal to use it"
            )
            assert refused.value.exit_code == 3

    def test_a_store_made_before_it_kept_its_schema_is_used_as_it_is(self, tmp_path: Path) -> None:
        path = tmp_path / "state.sqlite3"
        with sqlite3.connect(path) as db:  # the table as the earlier releases made it
            db.execute(
                "CREATE TABLE tokens (id TEXT PRIMARY KEY, schedule_id TEXT NOT NULL, digest "
                "TEXT NOT NULL UNIQUE, label TEXT NOT NULL, created TEXT NOT NULL, revoked TEXT)"
            )
            db.execute(
                "INSERT INTO tokens VALUES ('0a1b2c3d', 'japan-peru-2024', ?, 'old', "
                "'2024-11-16T12:00:00Z', NULL)",
                (hashlib.sha256(b"an old secret").hexdigest(),),
            )
        store = open_tokens(path)
        assert store.allows("japan-peru-2024", "an old secret")
        assert [info.id for info in store.list()] == ["0a1b2c3d"]
        with sqlite3.connect(path) as db:
            assert db.execute("SELECT value FROM tokens_meta").fetchall() == [("1",)]

    def test_a_corrupt_database_is_a_clear_error(self, tmp_path: Path) -> None:
        path = tmp_path / "state.sqlite3"
        path.write_bytes(b"not a database" * 100)
        with pytest.raises(TokenError, match="not a usable summitcal database"):
            SqliteTokenStore(path).list()
        assert path.read_bytes() == b"not a database" * 100, "never reset"


@pytest.fixture
def private_client(tmp_path: Path, store: SqliteTokenStore) -> FlaskClient:
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        'home_zone = "Asia/Tokyo"', 'home_zone = "Asia/Tokyo"\nprivate = true'
    )
    (tmp_path / "visit.toml").write_text(text, encoding="utf-8")
    settled(tmp_path / "visit.toml")
    app = create_app({"SCHEDULE_FOLDER": str(tmp_path), "STATE_DB": str(store.path)})
    return app.test_client()


class TestService:
    @pytest.mark.parametrize("suffix", ["", ".ics", ".json", "/events/luncheon.ics"])
    def test_without_a_valid_token_it_does_not_exist(
        self, private_client: FlaskClient, store: SqliteTokenStore, suffix: str
    ) -> None:
        token, info = store.create("japan-peru-2024")
        url = f"/calendars/japan-peru-2024{suffix}"
        assert private_client.get(url).status_code == 404
        assert private_client.get(url + "?token=wrong").status_code == 404
        assert private_client.get(f"{url}?token={token}").status_code == 200
        store.revoke(info.id)
        assert private_client.get(f"{url}?token={token}").status_code == 404

    def test_a_corrupt_database_denies_without_an_error_page(
        self, private_client: FlaskClient, store: SqliteTokenStore
    ) -> None:
        store.path.parent.mkdir(parents=True, exist_ok=True)
        store.path.write_bytes(b"not a database" * 100)
        assert private_client.get(f"{FEED}?token=anything").status_code == 404

    def test_status_keeps_a_private_files_problems_to_the_log(
        self, private_client: FlaskClient, tmp_path: Path
    ) -> None:
        path = tmp_path / "visit.toml"
        path.write_text(
            path.read_text().replace('title.en = "Joint press conference"', "title.en = 5")
        )
        settled(path)
        status = private_client.get("/status").data.decode()
        assert "visit.toml" not in status and "press-conference" not in status
        assert "No public schedule file has problems" in status
        assert "0 public schedules published" in status, "not even the count tells"

    def test_not_listed(self, private_client: FlaskClient) -> None:
        assert b"japan-peru-2024" not in private_client.get("/").data

    def test_never_in_a_shared_cache_and_links_keep_the_token(
        self, private_client: FlaskClient, store: SqliteTokenStore
    ) -> None:
        token, _info = store.create("japan-peru-2024")
        feed = private_client.get(f"{FEED}?token={token}")
        assert feed.headers["Cache-Control"].startswith("private")
        page = private_client.get(f"/calendars/japan-peru-2024?token={token}").data.decode()
        assert f"webcal://localhost/calendars/japan-peru-2024.ics?token={token}" in page
        assert f"luncheon.ics?download&amp;token={token}" in page
        assert "All calendars" not in page


class TestCommands:
    def test_create_list_revoke(self, run: Run, tmp_path: Path) -> None:
        db = str(tmp_path / "state.sqlite3")
        created = run("tokens", "create", "japan-peru-2024", "--label", "Tokyo desk", "--db", db)
        assert created.exit_code == 0
        token_id, token = created.stdout.split()[1], created.stdout.split()[4]
        assert SqliteTokenStore(Path(db)).allows("japan-peru-2024", token)
        listed = run("tokens", "list", "--db", db).stdout
        assert token_id in listed and "active" in listed and token not in listed
        assert run("tokens", "revoke", token_id, "--db", db).exit_code == 0
        assert "revoked" in run("tokens", "list", "--db", db).stdout

    def test_the_database_as_a_url(
        self, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)
        created = run("tokens", "create", "japan-peru-2024", "--db", "sqlite:state/s.sqlite3")
        token_id, token = created.stdout.split()[1], created.stdout.split()[4]
        assert open_tokens(tmp_path / "state" / "s.sqlite3").allows("japan-peru-2024", token)
        listed = run("tokens", "list", "--db", f"sqlite://{tmp_path}/state/s.sqlite3")
        assert listed.stdout.startswith(f"{token_id}  japan-peru-2024  ")
        refused = run("tokens", "list", "--db", "mysql://db.example/summitcal")
        assert (refused.exit_code, refused.stdout, refused.stderr) == (
            1,
            "",
            "summitcal: mysql://db.example/summitcal: summitcal keeps no state in mysql; give "
            "the token database as a file path, sqlite:///absolute/path, sqlite:relative/path "
            "or postgresql://user@host/database\n",
        )

    def test_create_list_revoke_on_postgresql(self, run: Run, postgres: PostgresServer) -> None:
        url = postgres.new_database()
        created = run(
            "tokens", "create", "japan-peru-2024", "--label", "Tokyo desk", "--state", url
        )
        assert created.exit_code == 0, created.output
        token_id, token = created.stdout.split()[1], created.stdout.split()[4]
        with closing(open_tokens(url)) as store:
            assert store.allows("japan-peru-2024", token)
        listed = run("tokens", "list", "--state", url).stdout
        assert listed.startswith(f"{token_id}  japan-peru-2024  ") and token not in listed
        assert run("tokens", "revoke", token_id, "--state", url).exit_code == 0
        assert "revoked" in run("tokens", "list", "--state", url).stdout
        with closing(open_tokens(url)) as store:
            assert not store.allows("japan-peru-2024", token)

    def test_an_unreachable_server_is_exit_3_without_the_password(self, run: Run) -> None:
        url = f"postgresql://summitcal:secret@127.0.0.1:{free_port()}/summitcal"
        refused = run("tokens", "list", "--state", url)
        assert refused.exit_code == 3 and refused.stdout == ""
        assert refused.stderr.startswith("summitcal: postgresql://summitcal:***@127.0.0.1:")
        assert "secret" not in refused.stderr and len(refused.stderr.splitlines()) == 1

    def test_mistakes_are_one_line(self, run: Run, tmp_path: Path) -> None:
        result = run("tokens", "revoke", "nope", "--db", str(tmp_path / "s.sqlite3"))
        assert (result.exit_code, result.stderr) == (
            1,
            "summitcal: no token with id 'nope'; see `summitcal tokens list`\n",
        )


def test_tokens_never_reach_the_access_log(tmp_path: Path, store: SqliteTokenStore) -> None:
    """The real server, as `summitcal serve` runs it, logs paths without query strings."""
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        'home_zone = "Asia/Tokyo"', 'home_zone = "Asia/Tokyo"\nprivate = true'
    )
    folder = tmp_path / "schedules"
    folder.mkdir()
    (folder / "visit.toml").write_text(text, encoding="utf-8")
    settled(folder / "visit.toml")
    token, _info = store.create("japan-peru-2024")
    log = tmp_path / "server.log"
    with (
        running_server(folder, free_port(), log, store.path) as base,
        urllib.request.urlopen(f"{base}{FEED}?token={token}", timeout=5) as response,
    ):
        assert response.status == 200
    assert f"GET {FEED}" in log.read_text()
    assert token not in log.read_text()
