"""`grade new`: a scaffolded exercise passes `grade validate` once its solution is written."""

import pytest
from click.testing import CliRunner

from grader.cli import cli
from grader.course import Course


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_scaffolded_exercise_validates_once_its_solution_is_written(source_course):
    result = run("new", "exercise", "exercise40", "--session", "session4", "--title", "Soft sign", "--function", "soft")
    assert result.exit_code == 0, result.output
    exercise = Course(source_course).catalog.exercise("exercise40")
    assert exercise.functions == ("soft",) and exercise.session == "session4"

    assert run("validate", "exercise40").exit_code == 1  # nothing written yet
    solution = source_course / "solutions" / "exercise40.py"
    solution.write_text(solution.read_text().replace("    raise NotImplementedError", "    return x / (1 + np.abs(x))"))
    assert run("fixtures", "exercise40").exit_code == 0
    result = run("validate", "exercise40")
    assert result.exit_code == 0, result.output


def test_scaffolded_grader_catches_a_wrong_slope(source_course):
    run("new", "exercise", "exercise41", "--session", "session4", "--function", "soft")
    solution = source_course / "solutions" / "exercise41.py"
    solution.write_text(solution.read_text().replace("    raise NotImplementedError", "    return np.tanh(x)"))
    run("fixtures", "exercise41")
    stub = source_course / "exercises" / "exercise41.py"
    stub.write_text(stub.read_text().replace("    raise NotImplementedError", "    return np.tanh(x) + 0.01 * x"))
    result = run("exercise41", "--json")
    import json

    tests = {t["name"]: t for t in json.loads(result.stdout)["tests"]}
    gradient = tests["soft has the right slope (gradient check)"]
    assert gradient["status"] == "failed" and "relative error" in gradient["output"]


@pytest.mark.parametrize("args, message", [
    (["new", "exercise", "exercise3", "--session", "session3"], "exercise3 is already in course.yaml"),
    (["new", "exercise", "lesson", "--session", "session3"], "is not an exercise id"),
    (["new", "exercise", "exercise42", "--session", "session9"], "unknown session 'session9'"),
    (["new", "quiz", "session1"], "quizzes/session1.yaml already exists"),
])
def test_bad_requests_exit_2_and_write_nothing(source_course, args, message):
    before = (source_course / "course.yaml").read_text()
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert (source_course / "course.yaml").read_text() == before


def test_new_quiz_is_valid(source_course):
    (source_course / "quizzes" / "session6.yaml").unlink(missing_ok=True)
    result = run("new", "quiz", "session6")
    assert result.exit_code == 0, result.output
    from grader.quiz_schema import validate_quiz

    problems = validate_quiz(source_course / "quizzes" / "session6.yaml")
    assert problems == []
