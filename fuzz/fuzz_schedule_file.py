"""Coverage-guided fuzzing (atheris) of the schedule-file reader and what renders its result.

Every input is taken as the bytes of a schedule file: `decode` and `check_schedule` must
return (never raise anything but ScheduleFileError), every message must be one line, and
a file `check` accepts must export as a feed `lint` finds no error in, and as JSON.

Run: .venv/bin/python fuzz/fuzz_schedule_file.py fuzz/corpus/schedule_file -max_total_time=60
(`./dev fuzz` runs every fuzzer for a bounded time.)
"""

from __future__ import annotations

import json
import sys

import atheris

with atheris.instrument_imports():
    from summitcal.errors import ScheduleFileError
    from summitcal.ical import calendar_bytes
    from summitcal.ical.lint import lint
    from summitcal.json_view import schedule_json
    from summitcal.schedule_file import check_schedule, decode


def one_input(data: bytes) -> None:
    try:
        text, source = decode(data, "fuzz.toml")
    except ScheduleFileError:
        return  # not UTF-8, or too large: refused before it is read
    schedule, problems, warnings = check_schedule(text, source)
    assert (schedule is None) == bool(problems), (problems, schedule)
    for problem in (*problems, *warnings):
        assert "\n" not in str(problem) and "\r" not in str(problem), str(problem)
        assert "could not read this file" not in str(problem), str(problem)
    if schedule is None:
        return
    feed = calendar_bytes(schedule)
    errors = [f for f in lint(feed) if f.severity == "error"]
    assert not errors, errors
    json.dumps(schedule_json(schedule, schedule.events))


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
