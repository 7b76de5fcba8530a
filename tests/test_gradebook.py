"""The gradebook's storage: attempts, hints, the schema, damaged files and concurrent writers."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from grader import gradebook as gradebook_module
from grader.course import Course
from grader.errors import CourseError
from grader.gradebook import APPLICATION_ID, SCHEMA_VERSION, Attempt, Gradebook, GradebookError, current_learner


def exercise_result(score, max_score=10.0, name="exercise3"):
    tests = [
        {"name": "returns a float", "score": min(score, 4.0), "max_score": 4.0, "status": "passed", "output": ""},
        {
            "name": "matches the formula",
            "score": max(score - 4.0, 0.0),
            "max_score": max_score - 4.0,
            "status": "passed" if score >= max_score else "failed",
            "output": "Wrong value for `cost`: expected 0.69, got 0.5.",
        },
    ]
    return {"exercise": name, "score": score, "max_score": max_score, "tests": tests}


def quiz_result(score, max_score=3.0):
    questions = [
        {"id": f"q{i}", "score": 1.0 if i < score else 0.0, "max_score": 1.0, "correct": i < score, "explanation": f"why {i}"}
        for i in range(int(max_score))
    ]
    return {"quiz": "session1", "score": score, "max_score": max_score, "questions": questions}


@pytest.fixture(autouse=True)
def learner(monkeypatch):
    monkeypatch.setenv("GRADE_LEARNER", "alice")
    return "alice"


@pytest.fixture
def gb(tmp_path):
    with Gradebook(tmp_path / "gradebook.sqlite") as book:
        yield book


# --- the API other modules use ------------------------------------------------------------


def test_open_creates_the_state_dir_and_the_file(tmp_path):
    (tmp_path / "course.yaml").write_text("format_version: 1\ntitle: T\nsessions: []\nexercises: []\n")
    course = Course(tmp_path)
    with Gradebook.open(course) as book:
        assert book.path == tmp_path / ".grade" / "gradebook.sqlite"
        book.record("quiz", "session1", quiz_result(1.0), "h")
    assert (tmp_path / ".grade" / "gradebook.sqlite").is_file()
    with Gradebook.open(course) as book:
        assert book.attempt_count("quiz", "session1") == 1


def test_record_returns_increasing_ids_and_counts_per_item(gb):
    first = gb.record("exercise", "exercise3", exercise_result(4.0), "aaa")
    second = gb.record("exercise", "exercise3", exercise_result(10.0), "bbb")
    gb.record("exercise", "exercise2", exercise_result(1.0, name="exercise2"), "ccc")
    assert second > first
    assert gb.attempt_count("exercise", "exercise3") == 2
    assert gb.attempt_count("exercise", "exercise2") == 1
    assert gb.attempt_count("quiz", "exercise3") == 0
    assert gb.attempt_count("exercise", "exercise3", learner="bob") == 0


def test_an_exercise_attempt_keeps_every_field_and_test(gb):
    result = exercise_result(7.0)
    attempt_id = gb.record("exercise", "exercise3", result, "f00d")
    [attempt] = gb.attempts()
    assert isinstance(attempt, Attempt)
    assert (attempt.id, attempt.learner, attempt.kind, attempt.name) == (attempt_id, "alice", "exercise", "exercise3")
    assert (attempt.score, attempt.max_score, attempt.submission_hash) == (7.0, 10.0, "f00d")
    assert list(attempt.checks) == result["tests"]
    assert attempt.to_result() == result
    assert not attempt.full_marks


def test_a_quiz_attempt_keeps_its_questions(gb):
    result = quiz_result(2.0)
    gb.record("quiz", "session1", result, None)
    [attempt] = gb.attempts(kind="quiz")
    assert attempt.to_result() == result
    assert [q["correct"] for q in attempt.checks] == [True, True, False]
    assert attempt.submission_hash is None


def test_checks_are_rows_of_a_child_table(gb):
    gb.record("exercise", "exercise3", exercise_result(7.0), "x")
    rows = gb._conn.execute("SELECT position, check_name, status FROM attempt_checks ORDER BY position").fetchall()
    assert rows == [(0, "returns a float", "passed"), (1, "matches the formula", "failed")]


def test_recorded_at_is_utc_iso_time(gb):
    before = datetime.now(timezone.utc)
    gb.record("exercise", "exercise3", exercise_result(1.0), "x")
    [attempt] = gb.attempts()
    when = datetime.fromisoformat(attempt.recorded_at)
    assert when.utcoffset() == timedelta(0)
    assert before - timedelta(seconds=1) <= when <= datetime.now(timezone.utc)


def test_a_dataclass_result_is_recorded_like_its_dict(gb):
    from dataclasses import dataclass, field

    @dataclass
    class Result:
        exercise: str
        score: float
        max_score: float
        tests: list = field(default_factory=list)

    gb.record("exercise", "exercise3", Result("exercise3", 4.0, 10.0, exercise_result(4.0)["tests"]), "x")
    assert gb.attempts()[0].to_result() == exercise_result(4.0)


def test_best_is_the_highest_score_with_its_max(gb):
    assert gb.best("exercise", "exercise3") is None
    gb.record("exercise", "exercise3", exercise_result(4.0), "a")
    gb.record("exercise", "exercise3", exercise_result(9.0), "b")
    gb.record("exercise", "exercise3", exercise_result(6.0), "c")
    assert gb.best("exercise", "exercise3") == (9.0, 10.0)
    assert gb.best("exercise", "exercise3", learner="bob") is None


def test_best_tie_goes_to_the_latest_attempt(gb):
    gb.record("quiz", "session1", {"score": 3.0, "max_score": 4.0, "questions": []}, None)
    gb.record("quiz", "session1", {"score": 3.0, "max_score": 5.0, "questions": []}, None)
    assert gb.best("quiz", "session1") == (3.0, 5.0)


def test_learner_none_means_the_current_learner(gb, monkeypatch):
    gb.record("exercise", "exercise3", exercise_result(4.0), "a")
    monkeypatch.setenv("GRADE_LEARNER", "bob")
    gb.record("exercise", "exercise3", exercise_result(8.0), "b")
    gb.record("exercise", "exercise3", exercise_result(2.0), "c", learner="carol")
    assert gb.best("exercise", "exercise3") == (8.0, 10.0)
    assert gb.best("exercise", "exercise3", learner="alice") == (4.0, 10.0)
    assert [a.submission_hash for a in gb.attempts()] == ["b"]
    assert [a.learner for a in gb.attempts(all_learners=True)] == ["alice", "bob", "carol"]
    assert gb.learners() == ["alice", "bob", "carol"]


def test_attempts_filter_by_kind_and_name_oldest_first(gb):
    gb.record("exercise", "exercise3", exercise_result(1.0), "1")
    gb.record("quiz", "session1", quiz_result(1.0), None)
    gb.record("exercise", "exercise2", exercise_result(2.0, name="exercise2"), "2")
    gb.record("exercise", "exercise3", exercise_result(3.0), "3")
    assert [a.submission_hash for a in gb.attempts(kind="exercise")] == ["1", "2", "3"]
    assert [a.submission_hash for a in gb.attempts(kind="exercise", name="exercise3")] == ["1", "3"]
    assert [a.kind for a in gb.attempts()] == ["exercise", "quiz", "exercise", "exercise"]
    assert gb.attempts(name="exercise3", with_checks=False)[0].checks == ()


def test_latest_hash_is_the_last_submission(gb):
    assert gb.latest_hash("exercise", "exercise3", "alice") is None
    gb.record("exercise", "exercise3", exercise_result(9.0), "old")
    gb.record("exercise", "exercise3", exercise_result(1.0), "new")
    gb.record("exercise", "exercise3", exercise_result(1.0), "bobs", learner="bob")
    assert gb.latest_hash("exercise", "exercise3", "alice") == "new"
    assert gb.latest_hash("exercise", "exercise3", "bob") == "bobs"
    assert gb.latest_hash("exercise", "exercise2", "alice") is None


def test_hints_count_each_hint_once(gb):
    assert gb.hints_used("exercise3") == 0
    gb.record_hint("exercise3", 0)
    gb.record_hint("exercise3", 1)
    gb.record_hint("exercise3", 1)
    gb.record_hint("exercise3", 0, learner="bob")
    assert gb.hints_used("exercise3") == 2
    assert gb.hints_used("exercise3", learner="bob") == 1
    assert gb.hints_used("exercise2") == 0
    assert "bob" in gb.learners()


@pytest.mark.parametrize("index", [-1, 1.5, "2", True])
def test_a_hint_index_is_a_whole_number(gb, index):
    with pytest.raises(GradebookError, match="hint_index"):
        gb.record_hint("exercise3", index)


@pytest.mark.parametrize(
    "kind, result, message",
    [
        ("homework", exercise_result(1.0), "unknown attempt kind 'homework'"),
        ("exercise", {"score": "7", "max_score": 10}, "`score` must be a finite number"),
        ("exercise", {"score": 7.0}, "`max_score` must be a finite number"),
        ("quiz", {"score": float("nan"), "max_score": 3.0}, "`score` must be a finite number"),
        ("exercise", {"score": 1.0, "max_score": 2.0, "tests": [{"name": "t", "score": 1.0}]}, r"tests\[0\]: `max_score`"),
        ("exercise", ["not", "a", "dict"], "got list"),
    ],
)
def test_malformed_records_are_refused_and_nothing_is_stored(gb, kind, result, message):
    with pytest.raises(GradebookError, match=message):
        gb.record(kind, "exercise3", result, "x")
    assert gb.attempts(all_learners=True) == []


def test_an_attempt_and_its_checks_are_one_transaction(gb):
    result = exercise_result(4.0)
    result["tests"].append({"name": "same position", "score": 0.0, "max_score": 1.0, "status": "failed", "output": ""})
    real_row = gradebook_module._check_row
    # Two checks at the same position break the child table's primary key after the attempt row is in.
    rows = iter([0, 1, 1])
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(gradebook_module, "_check_row", lambda kind, i, item: real_row(kind, next(rows), item))
        with pytest.raises(GradebookError, match="cannot write to the gradebook .*UNIQUE constraint failed"):
            gb.record("exercise", "exercise3", result, "x")
    assert gb._conn.execute("SELECT count(*) FROM attempts").fetchone() == (0,)
    assert gb._conn.execute("SELECT count(*) FROM attempt_checks").fetchone() == (0,)


def test_current_learner_prefers_the_environment(monkeypatch):
    monkeypatch.setenv("GRADE_LEARNER", "  dana ")
    assert current_learner() == "dana"
    monkeypatch.delenv("GRADE_LEARNER")
    monkeypatch.setattr(gradebook_module.getpass, "getuser", lambda: "login-name")
    assert current_learner() == "login-name"


def test_current_learner_falls_back_when_there_is_no_login_name(monkeypatch):
    monkeypatch.setenv("GRADE_LEARNER", "")

    def no_user():
        raise OSError("No username set in the environment")

    monkeypatch.setattr(gradebook_module.getpass, "getuser", no_user)
    assert current_learner() == "learner"


def test_gradebook_error_is_a_course_error():
    assert issubclass(GradebookError, CourseError)


# --- the file: schema, migrations, files that are not ours ---------------------------------


def test_the_file_is_marked_versioned_and_in_wal_mode(gb):
    conn = sqlite3.connect(gb.path)
    assert conn.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
    assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert gb._conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    conn.close()


def test_an_empty_file_becomes_a_gradebook(tmp_path):
    path = tmp_path / "empty.sqlite"
    path.write_bytes(b"")
    with Gradebook(path) as book:
        book.record("quiz", "session1", quiz_result(3.0), None)
        assert book.attempt_count("quiz", "session1") == 1


def test_reopening_keeps_the_attempts(tmp_path):
    path = tmp_path / "g.sqlite"
    with Gradebook(path) as book:
        book.record("exercise", "exercise3", exercise_result(4.0), "a")
    with Gradebook(path) as book:
        assert [a.to_result() for a in book.attempts()] == [exercise_result(4.0)]


def test_an_older_schema_is_migrated_in_order_and_keeps_its_data(tmp_path, monkeypatch):
    path = tmp_path / "g.sqlite"
    with Gradebook(path) as book:
        book.record("exercise", "exercise3", exercise_result(4.0), "a")
    steps = [
        ("ALTER TABLE attempts ADD COLUMN note TEXT",),
        ("UPDATE attempts SET note = 'migrated'", "CREATE TABLE extra (x INTEGER)"),
    ]
    monkeypatch.setattr(gradebook_module, "MIGRATIONS", gradebook_module.MIGRATIONS + steps)
    monkeypatch.setattr(gradebook_module, "SCHEMA_VERSION", SCHEMA_VERSION + 2)
    with Gradebook(path) as book:
        assert book._conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION + 2,)
        assert book._conn.execute("SELECT note FROM attempts").fetchall() == [("migrated",)]
        assert book.attempt_count("exercise", "exercise3") == 1


def test_a_failing_migration_changes_nothing(tmp_path, monkeypatch):
    path = tmp_path / "g.sqlite"
    with Gradebook(path) as book:
        book.record("exercise", "exercise3", exercise_result(4.0), "a")
    steps = [("ALTER TABLE attempts ADD COLUMN note TEXT", "INSERT INTO no_such_table VALUES (1)")]
    monkeypatch.setattr(gradebook_module, "MIGRATIONS", gradebook_module.MIGRATIONS + steps)
    monkeypatch.setattr(gradebook_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(GradebookError, match="no_such_table"):
        Gradebook(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert "note" not in [row[1] for row in conn.execute("PRAGMA table_info(attempts)")]
    conn.close()


def _assert_refused_and_untouched(path, message):
    before = path.read_bytes()
    with pytest.raises(GradebookError, match=message) as info:
        Gradebook(path)
    assert "\n" not in str(info.value)
    assert path.read_bytes() == before


def test_random_bytes_are_refused_and_left_alone(tmp_path):
    path = tmp_path / "gradebook.sqlite"
    path.write_bytes(os.urandom(8192))
    _assert_refused_and_untouched(path, "is not a gradebook or is damaged")


def test_a_truncated_header_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "gradebook.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + bytes(20))
    _assert_refused_and_untouched(path, "is not a gradebook or is damaged")


def test_another_programs_database_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "gradebook.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE songs (title TEXT)")
    conn.execute("INSERT INTO songs VALUES ('la')")
    conn.commit()
    conn.close()
    _assert_refused_and_untouched(path, "another program's SQLite database")


def test_a_database_with_a_foreign_application_id_is_refused(tmp_path):
    path = tmp_path / "gradebook.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1234")
    conn.commit()
    conn.close()
    _assert_refused_and_untouched(path, "another program's SQLite database")


def test_a_newer_schema_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "gradebook.sqlite"
    with Gradebook(path) as book:
        book.record("exercise", "exercise3", exercise_result(4.0), "a")
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.execute("PRAGMA journal_mode = DELETE")  # fold the WAL into the file so its bytes say it all
    conn.close()
    _assert_refused_and_untouched(path, f"schema version {SCHEMA_VERSION + 1}, but this platform reads up to {SCHEMA_VERSION}")


def test_a_folder_in_the_way_is_a_clear_error(tmp_path):
    (tmp_path / "gradebook.sqlite").mkdir()
    with pytest.raises(GradebookError, match="cannot open the gradebook"):
        Gradebook(tmp_path / "gradebook.sqlite")


# --- several grade processes at once ------------------------------------------------------


def _record_many(path, worker, count):
    for i in range(count):
        # A fresh Gradebook per attempt, like one `grade` process per attempt.
        with Gradebook(path) as book:
            book.record(
                "exercise", "exercise3", exercise_result(float(i % 11)), f"{worker}-{i}", learner=f"learner{worker}"
            )


@pytest.mark.parametrize("existing", [False, True], ids=["new file", "existing file"])
def test_concurrent_processes_lose_no_attempt(tmp_path, existing):
    path = tmp_path / "gradebook.sqlite"
    if existing:
        Gradebook(path).close()
    workers, per_worker = 4, 25
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_record_many, args=(path, w, per_worker)) for w in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [p.exitcode for p in processes] == [0] * workers
    with Gradebook(path) as book:
        attempts = book.attempts(all_learners=True)
        assert len(attempts) == workers * per_worker
        assert len({a.id for a in attempts}) == workers * per_worker
        assert sorted(a.submission_hash for a in attempts) == sorted(
            f"{w}-{i}" for w in range(workers) for i in range(per_worker)
        )
        assert all(len(a.checks) == 2 for a in attempts)
        assert book.learners() == [f"learner{w}" for w in range(workers)]
