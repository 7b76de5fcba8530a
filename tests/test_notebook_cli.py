"""`grade notebook exerciseN` and grading notebooks through the CLI, in a copy of the course."""

import json
import os
import shutil

import nbformat
import pytest
from nbformat import v4

from grader.cli import cli
from helpers import ROOT, mutate, solution

SIGN_ERROR = ("    return float(-np.sum(log_likelihood) / m)\n", "    return float(np.sum(log_likelihood) / m)\n")


@pytest.fixture
def course(tmp_path, monkeypatch):
    for name in ("course.yaml", "exercises", "graders", "fixtures"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GRADE_LEARNER", "tester")
    return tmp_path


def grade(runner, *args):
    return runner.invoke(cli, list(args), catch_exceptions=False)


def write_notebook(path, *cells):
    """A notebook whose cells are given as code text (a str) or as a ready cell."""
    cells = [v4.new_code_cell(c) if isinstance(c, str) else c for c in cells]
    nbformat.write(v4.new_notebook(cells=cells), str(path))
    return str(path)


def split_in_cells(source: str):
    """The source in two code cells, cut before its first function, with magics and a shell line around."""
    head, sep, rest = source.partition("\ndef ")
    return ["%load_ext autoreload\n" + head, "!echo working\n" + sep.lstrip("\n") + rest, "x = !ls"]


def json_result(result):
    assert result.stdout.strip(), result.output
    return json.loads(result.stdout)


# --- writing a notebook ----------------------------------------------------------------------------


def test_notebook_command_writes_a_valid_notebook_and_keeps_an_existing_one(runner, course):
    result = grade(runner, "notebook", "exercise3")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Wrote exercises/exercise3.ipynb.")
    path = course / "exercises" / "exercise3.ipynb"
    nbformat.validate(nbformat.read(str(path), as_version=4))

    path.write_text(path.read_text().replace("raise NotImplementedError", "return 0.0"))
    again = grade(runner, "notebook", "exercise3")
    assert again.exit_code == 2
    assert "exercises/exercise3.ipynb already exists" in again.stderr and "--force" in again.stderr
    assert "return 0.0" in path.read_text()

    forced = grade(runner, "notebook", "exercise3", "--force")
    assert forced.exit_code == 0
    assert "return 0.0" not in path.read_text()


def test_notebook_command_for_an_unknown_exercise(runner, course):
    result = grade(runner, "notebook", "exercise99")
    assert result.exit_code == 2
    assert "unknown exercise 'exercise99'" in result.stderr


# --- which file `grade exerciseN` grades ---------------------------------------------------------------


def test_grade_takes_the_notebook_when_it_was_saved_after_the_py_file(runner, course):
    assert grade(runner, "notebook", "exercise3").exit_code == 0
    notebook = course / "exercises" / "exercise3.ipynb"
    py = course / "exercises" / "exercise3.py"
    nb = nbformat.read(str(notebook), as_version=4)
    answer = next(c for c in nb.cells if "answer" in c.metadata.get("tags", []))
    answer.source = solution("exercise3")
    nbformat.write(nb, str(notebook))
    os.utime(py, (1_000_000, 1_000_000))

    result = grade(runner, "exercise3")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("exercise3: The cross-entropy cost  (exercises/exercise3.ipynb)")

    os.utime(notebook, (500_000, 500_000))  # the .py file is the newer one again: it is graded (the stub)
    result = grade(runner, "exercise3")
    assert result.exit_code == 1
    assert "(exercises/exercise3.py)" in result.stdout.splitlines()[0]


# --- a notebook is graded like the same code in a .py file ------------------------------------------------


@pytest.mark.parametrize("code", [solution("exercise3"), mutate(solution("exercise3"), *SIGN_ERROR),
                                  (ROOT / "exercises" / "exercise3.py").read_text()],
                         ids=["solution", "sign-error", "stub"])
def test_same_code_same_result(runner, course, code):
    (course / "work").mkdir()
    (course / "work" / "exercise3.py").write_text(code)
    write_notebook(course / "work" / "exercise3.ipynb", *split_in_cells(code))
    as_py = grade(runner, "exercise3", "--json", "--submission", "work/exercise3.py")
    as_notebook = grade(runner, "exercise3", "--json", "--submission", "work/exercise3.ipynb")
    assert as_py.exit_code == as_notebook.exit_code
    expected = json.loads(json.dumps(json_result(as_py)).replace("exercise3.py", "exercise3.ipynb"))
    assert json_result(as_notebook) == expected


def test_untagged_cells_that_call_the_function_are_graded_and_tags_leave_them_out(runner, course):
    trial = "print(compute_cost(np.array([[0.5]]), np.array([[1]])))"
    stub = (course / "exercises" / "exercise3.py").read_text()
    untagged = write_notebook(course / "untagged.ipynb", stub, trial)
    result = json_result(grade(runner, "exercise3", "--json", "--submission", untagged))
    assert "could not be imported" in result["tests"][0]["output"]  # the trial ran when the code was loaded

    tagged = write_notebook(course / "tagged.ipynb", v4.new_code_cell(stub, metadata={"tags": ["answer"]}), trial)
    result = json_result(grade(runner, "exercise3", "--json", "--submission", tagged))
    assert "is not written yet" in result["tests"][0]["output"]


# --- errors ------------------------------------------------------------------------------------------------


def test_a_syntax_error_names_the_cell_and_the_line(runner, course):
    broken = mutate(solution("exercise3"), "    m = Y.shape[1]\n", "    m = = Y.shape[1]\n")
    cells = split_in_cells(broken)
    path = write_notebook(course / "broken.ipynb", v4.new_markdown_cell("# intro"), *cells)
    result = grade(runner, "exercise3", "--submission", path)
    assert result.exit_code == 1
    line = 1 + cells[1].split("\n").index("    m = = Y.shape[1]")
    assert line == 3  # the cell starts with `!echo working` and `def compute_cost(AL, Y):`
    assert f"broken.ipynb has a syntax error in cell 3, line {line}: invalid syntax." in result.stdout
    assert "    m = = Y.shape[1]" in result.stdout


def test_a_crash_names_the_cell_and_the_line(runner, course):
    crashing = mutate(solution("exercise3"), "    m = Y.shape[1]\n", "    m = Y.shape[1]\n    m = m / 0 if m < 0 else Y.shape[7]\n")
    path = write_notebook(course / "crash.ipynb", "import numpy as np", crashing)
    result = json_result(grade(runner, "exercise3", "--json", "--submission", path))
    line = 1 + crashing.split("\n").index("    m = m / 0 if m < 0 else Y.shape[7]")
    assert f"crash.ipynb, cell 2, line {line}, in compute_cost" in result["tests"][0]["output"]


@pytest.mark.parametrize("text, message", [
    ("{\n  'cells': oops", "cannot grade bad.ipynb: it is not valid JSON (line 2"),
    ('{"title": "my notes"}', "cannot grade bad.ipynb: it is JSON but not a Jupyter notebook"),
])
def test_a_file_that_is_not_a_notebook_exits_2_with_one_line(runner, course, text, message):
    (course / "bad.ipynb").write_text(text)
    result = grade(runner, "exercise3", "--submission", "bad.ipynb")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("grade: " + message)
    assert len(result.stderr.strip().splitlines()) == 1
