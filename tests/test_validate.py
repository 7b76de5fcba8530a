"""`grade validate` names each way a course can be broken, and passes a sound one."""

import shutil

from click.testing import CliRunner

from grader.cli import cli


def validate(*args):
    return CliRunner().invoke(cli, ["validate", *args])


def test_sound_exercise_validates(source_course):
    result = validate("exercise3")
    assert result.exit_code == 0, result.output
    assert "ok   exercise3" in result.output


def test_broken_solution_is_named(source_course):
    path = source_course / "solutions" / "exercise3.py"
    path.write_text(path.read_text().replace("/ m)", "/ (2 * m))"))
    result = validate("exercise3")
    assert result.exit_code == 1
    assert "fixtures are stale: solutions/exercise3.py changed" in result.output
    assert "the reference solution does not pass 'values' (failed)" in result.output


def test_stub_that_passes_is_named(source_course):
    shutil.copy(source_course / "solutions" / "exercise3.py", source_course / "exercises" / "exercise3.py")
    result = validate("exercise3")
    assert result.exit_code == 1
    assert "the untouched stub earns 10 points" in result.output


def test_grader_and_catalog_out_of_step(source_course):
    grader = source_course / "graders" / "test_exercise3.py"
    grader.write_text(grader.read_text().replace("def test_values(", "def test_values_renamed("))
    result = validate("exercise3")
    assert result.exit_code == 1
    assert "has no test_values for the catalog check 'values'" in result.output
    assert "has test_values_renamed, which is not a check in course.yaml" in result.output


def test_refused_in_a_learners_copy(source_course):
    shutil.rmtree(source_course / "solutions")
    result = validate()
    assert result.exit_code == 2
    assert "needs the reference solutions" in result.output
