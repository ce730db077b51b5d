"""A real PostgreSQL server for the tests and benchmarks, from Debian's ``postgresql``.

:class:`PostgresServer` makes a cluster with ``initdb`` in a temporary folder and starts
it with ``pg_ctl`` on a free port of 127.0.0.1 (and a socket in that folder only, never
the system's). ``initdb`` refuses to run as root, so as root (CI) the server runs as the
``postgres`` user the package creates, through ``runuser``, in a folder that is theirs.
Each test gets a database of its own (:meth:`PostgresServer.new_database`): a cluster
is made once per session, a database in a few tens of milliseconds.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import psycopg

from app_servers import free_port

__all__ = ["PostgresServer", "postgres_bin"]

USER = "summitcal"  # the cluster's superuser (trust authentication, loopback only)


def postgres_bin() -> Path | None:
    """The newest ``/usr/lib/postgresql/N/bin`` with ``initdb`` and ``pg_ctl``, if any."""
    found = [
        folder
        for folder in Path("/usr/lib/postgresql").glob("*/bin")
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists()
    ]
    return max(found, key=lambda folder: int(folder.parent.name), default=None)


class PostgresServer:
    """A throwaway cluster; ``start()`` then ``stop()`` (which removes its folder).

    ``durable=False`` (the tests) turns off fsync: a crash of the machine may lose the
    cluster, which the tests throw away anyway. The benchmark keeps PostgreSQL's defaults.
    """

    def __init__(self, *, durable: bool = False) -> None:
        bin_folder = postgres_bin()
        if bin_folder is None:
            raise RuntimeError(
                "PostgreSQL's initdb and pg_ctl are not installed (Debian's postgresql "
                "package; ./dev test installs it when run as root)"
            )
        self.bin = bin_folder
        self.durable = durable
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="summitcal-pg-"))
        self.data = self.folder / "data"
        self._as: Sequence[str] = ()
        self._databases = itertools.count(1)
        if os.geteuid() == 0:  # initdb refuses root: the package's own user runs it
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self._as = ("runuser", "-u", "postgres", "--")

    @property
    def host(self) -> str:
        return "127.0.0.1"

    def url(self, database: str = "postgres", user: str = USER) -> str:
        return f"postgresql://{user}@{self.host}:{self.port}/{database}"

    def _run(self, *args: str) -> None:
        subprocess.run(
            [*self._as, *args], check=True, capture_output=True, cwd=self.folder, timeout=120
        )

    def start(self) -> PostgresServer:
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            USER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        settings = [
            f"-p {self.port}",
            "-c listen_addresses=127.0.0.1",
            f"-c unix_socket_directories={self.folder}",
            "-c max_connections=200",
        ]
        if not self.durable:
            settings += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        log = self.folder / "server.log"
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            " ".join(settings),
            "-l",
            str(log),
            "-w",
            "-t",
            "60",
            "start",
        )
        return self

    def new_database(self) -> str:
        """The URL of a new, empty database."""
        name = f"ledger_{os.getpid()}_{next(self._databases)}"
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        try:
            if self.data.exists():
                self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
