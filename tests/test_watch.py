"""`grade watch`: re-grade on save, move on at full marks, stop cleanly."""

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from grader.cli import cli
from grader.course import Course
from grader.gradebook import Gradebook
from grader.watch import _Interrupts, _signature
from helpers import ROOT
from workspace import make_workspace, record, solution_text

TIMEOUT = 90  # seconds: generous, for slow CI machines; the tests poll and return as soon as they can


@pytest.fixture
def course_dir(tmp_path, monkeypatch):
    make_workspace(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GRADE_LEARNER", "ada")
    return tmp_path


def attempts(course_dir, name):
    with Gradebook.open(Course(course_dir)) as gradebook:
        return gradebook.attempt_count("exercise", name, "ada")


# --- in process (CliRunner): the runs that end by themselves ----------------------------------


def test_with_every_exercise_solved_it_moves_through_all_and_stops(runner, course_dir):
    for name in ("exercise1", "exercise2", "exercise3"):
        (course_dir / "exercises" / f"{name}.py").write_text(solution_text(name), encoding="utf-8")
    result = runner.invoke(cli, ["watch"], catch_exceptions=False)
    assert result.exit_code == 0
    out = result.output
    assert "exercise1 has full marks. Moving on to exercise2" in out
    assert "exercise2 has full marks. Moving on to exercise3" in out
    assert "Open exercises/exercise3.py in your editor (or `cat exercises/exercise3.py` to read it here)." in out
    assert "exercise3 has full marks, and so has every exercise: nothing left to watch." in out
    assert out.count("Score: 15/15") == 2 and "Score: 10/10" in out
    assert "\x1b[" not in out  # not a terminal: no colour and no screen clearing
    assert [attempts(course_dir, n) for n in ("exercise1", "exercise2", "exercise3")] == [1, 1, 1]


def test_a_finished_session_points_to_its_quiz(runner, course_dir):
    record(course_dir, "exercise", "exercise1", 15, 15)
    record(course_dir, "exercise", "exercise2", 15, 15)
    (course_dir / "exercises" / "exercise3.py").write_text(solution_text("exercise3"), encoding="utf-8")
    result = runner.invoke(cli, ["watch"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Score: 10/10" in result.output
    assert "Next: `grade quiz session1`" in result.output  # the first step not done, in course order


def test_when_everything_has_full_marks_there_is_nothing_to_watch(runner, course_dir):
    for name, points in (("exercise1", 15), ("exercise2", 15), ("exercise3", 10)):
        record(course_dir, "exercise", name, points, points)
    result = runner.invoke(cli, ["watch"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output.startswith("Every exercise already has full marks: there is nothing to watch.")


def test_unknown_exercise_exits_2(runner, course_dir):
    result = runner.invoke(cli, ["watch", "exercise99"])
    assert result.exit_code == 2
    assert "unknown exercise 'exercise99'" in result.output


def test_a_save_of_the_py_file_or_the_notebook_changes_the_signature(course_dir):
    course = Course(course_dir)
    exercise = course.catalog.exercise("exercise3")
    before = _signature(course, exercise)
    (course_dir / "exercises" / "exercise3.ipynb").write_text("{}", encoding="utf-8")
    with_notebook = _signature(course, exercise)
    assert with_notebook != before
    (course_dir / "exercises" / "exercise3.py").write_text("x = 1\n", encoding="utf-8")
    assert _signature(course, exercise) != with_notebook


def test_ctrl_c_while_grading_waits_for_the_grading_a_second_stops_at_once():
    previous = signal.getsignal(signal.SIGINT)
    with _Interrupts() as interrupts:
        interrupts.busy = True
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)
        assert interrupts.requested
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(5)
    assert signal.getsignal(signal.SIGINT) is previous


# --- a real process with a file changed under it ----------------------------------------------


class Process:
    """`python -m grader watch ...` with its output collected line by line as it comes."""

    def __init__(self, args, cwd):
        env = {**os.environ, "GRADE_LEARNER": "ada", "PYTHONPATH": str(ROOT)}
        env.pop("NO_COLOR", None)
        self.proc = subprocess.Popen([sys.executable, "-m", "grader", *args], cwd=cwd, env=env, text=True,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, text: str, count: int = 1, timeout: float = TIMEOUT):
        deadline = time.monotonic() + timeout
        while self.output.count(text) < count:
            if self.proc.poll() is not None and not self._reader.is_alive():
                pytest.fail(f"watch ended (status {self.proc.returncode}) before {text!r}:\n{self.output}\n"
                            f"{self.proc.stderr.read()}")
            if time.monotonic() > deadline:
                pytest.fail(f"no {text!r} after {timeout} s:\n{self.output}")
            time.sleep(0.05)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def watching(course_dir):
    started = []

    def start(*args):
        started.append(Process(["watch", *args], course_dir))
        return started[-1]

    yield start
    for process in started:
        process.kill()


def test_watch_regrades_on_save_moves_on_and_stops_on_ctrl_c(course_dir, watching):
    py = course_dir / "exercises" / "exercise2.py"
    process = watching("exercise2")
    process.wait_for("Watching exercises/exercise2.py: save it to grade again.")
    assert "You have not started exercise2 yet" in process.output

    py.write_text("def initialize_parameters(:\n", encoding="utf-8")
    process.wait_for("has a syntax error")
    process.wait_for("Watching exercises/exercise2.py", count=2)

    py.write_text(solution_text("exercise2"), encoding="utf-8")
    process.wait_for("exercise2 has full marks. Moving on to exercise3: ")
    process.wait_for("Watching exercises/exercise3.py: save it to grade again.")
    assert "Score: 15/15" in process.output

    process.proc.send_signal(signal.SIGINT)
    assert process.proc.wait(timeout=TIMEOUT) == 0
    process._reader.join(timeout=TIMEOUT)
    assert process.lines[-1] == "Stopped watching."
    stderr = process.proc.stderr.read()
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert "\x1b[" not in process.output
    assert attempts(course_dir, "exercise2") == 3
    assert attempts(course_dir, "exercise3") == 1


def test_watch_follows_the_notebook_when_it_is_saved(course_dir, watching):
    from grader.notebook import write_notebook

    course = Course(course_dir)
    write_notebook(course, "exercise3")
    process = watching()  # exercise1 is the current one: name it to follow exercise3
    process.wait_for("Watching exercises/exercise1.py")
    process.proc.send_signal(signal.SIGINT)
    assert process.proc.wait(timeout=TIMEOUT) == 0

    process = watching("exercise3")
    process.wait_for("Watching exercises/exercise3.ipynb")
    notebook = course_dir / "exercises" / "exercise3.ipynb"
    stamp = notebook.stat().st_mtime
    os.utime(notebook, (stamp + 5, stamp + 5))  # saved again (unchanged content still re-grades)
    process.wait_for("Watching exercises/exercise3.ipynb", count=2)
    process.proc.send_signal(signal.SIGINT)
    assert process.proc.wait(timeout=TIMEOUT) == 0
