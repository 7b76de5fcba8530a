"""Notebooks as code: magics dropped, answer cells picked, lines mapped to cells; generated notebooks."""

import json
import re
import subprocess
import sys

import nbformat
import pytest
from nbformat import v4

from grader.errors import SubmissionError
from grader.notebook import build_notebook, notebook_source, strip_magics
from helpers import COURSE, solution, stub
from workspace import make_workspace

EXERCISES = [e.id for e in COURSE.catalog.exercises]


def write(tmp_path, cells, name="work.ipynb"):
    path = tmp_path / name
    nbformat.write(v4.new_notebook(cells=cells), str(path))
    return path


# --- IPython syntax --------------------------------------------------------------------------------


def test_line_magics_and_shell_lines_are_dropped_keeping_line_numbers():
    cell = "%matplotlib inline\nimport numpy as np\n!pip install numpy\nfiles = !ls\nt = %timeit -o f()\nnp.sum?\nx = 1"
    assert strip_magics(cell).split("\n") == ["", "import numpy as np", "", "", "", "", "x = 1"]


def test_an_indented_magic_becomes_pass_so_its_block_stays_valid():
    assert strip_magics("if True:\n    !echo hi\nx = 1") == "if True:\n    pass\nx = 1"


def test_percent_and_bang_inside_brackets_or_strings_are_python():
    cell = "y = (7\n     % 2)\ns = '''\n!not a shell line\n'''\nok = 1 != 2"
    assert strip_magics(cell) == cell


def test_cell_magics():
    assert strip_magics("%%bash\necho hi\nls") == "\n\n"
    assert strip_magics("%%time\nx = 1") == "\nx = 1"  # %%time's body is Python: it is kept


# --- picking the cells -----------------------------------------------------------------------------


def test_only_the_tagged_answer_cells_are_graded(tmp_path):
    path = write(tmp_path, [
        v4.new_markdown_cell("# intro"),
        v4.new_code_cell("import numpy as np", metadata={"tags": ["answer"]}),
        v4.new_code_cell("print('trying it')"),
        v4.new_code_cell("def f():\n    return 1", metadata={"tags": ["answer", "other"]}),
        v4.new_code_cell("!grade exercise3"),
    ])
    assert notebook_source(path) == "import numpy as np\n\ndef f():\n    return 1\n"


def test_nbgrader_solution_cells_count_as_answer_cells(tmp_path):
    path = write(tmp_path, [v4.new_code_cell("a = 1", metadata={"nbgrader": {"solution": True}}),
                            v4.new_code_cell("b = 2")])
    assert notebook_source(path) == "a = 1\n"


def test_without_tags_every_code_cell_is_graded(tmp_path):
    path = write(tmp_path, [v4.new_code_cell("a = 1"), v4.new_markdown_cell("text"),
                            v4.new_code_cell("%time b = 2\nc = 3"),
                            v4.new_raw_cell("raw = 1")])
    assert notebook_source(path) == "a = 1\n\n\nc = 3\n"


def test_lines_are_mapped_to_cells(tmp_path):
    path = write(tmp_path, [v4.new_markdown_cell("# intro"), v4.new_code_cell("a = 1\nb = 2"),
                            v4.new_markdown_cell("more"), v4.new_code_cell("c = 3\nd = 4")])
    source = notebook_source(path)
    assert source.split("\n")[4] == "d = 4"
    assert source.where(5) == "cell 4, line 2"
    assert source.where(2) == "cell 2, line 2"
    assert source.where(3) == "cell 2, line 2"  # the blank line between two cells
    assert source.where(99) == "cell 4, line 2"  # "unexpected end of file" is in the last cell


def test_a_notebook_without_code_is_empty(tmp_path):
    assert notebook_source(write(tmp_path, [v4.new_markdown_cell("only text"), v4.new_code_cell("!ls")])) == ""


@pytest.mark.parametrize("text, message", [
    ("{not json", "not valid JSON (line 1"),
    ("", "not valid JSON"),
    ('{"cells": []}', "JSON but not a Jupyter notebook"),
    ("[1, 2]", "JSON but not a Jupyter notebook"),
])
def test_a_file_that_is_not_a_notebook_cannot_be_graded(tmp_path, text, message):
    path = tmp_path / "bad.ipynb"
    path.write_text(text)
    with pytest.raises(SubmissionError, match=re.escape(message)):
        notebook_source(path, "bad.ipynb")


def test_an_old_format_notebook_is_read(tmp_path):
    old = {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [{"cells": [
        {"cell_type": "code", "input": "x = 1", "language": "python", "outputs": []}]}]}
    path = tmp_path / "old.ipynb"
    path.write_text(json.dumps(old))
    assert notebook_source(path) == "x = 1\n"


# --- generated notebooks ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXERCISES)
def test_generated_notebooks_are_valid_and_grade_the_stub(name, tmp_path):
    exercise = COURSE.catalog.exercise(name)
    notebook = build_notebook(COURSE, exercise)
    nbformat.validate(notebook)
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(notebook, str(path))
    answer = [c for c in notebook.cells if "answer" in c.metadata.get("tags", [])]
    assert len(answer) == 1
    assert answer[0].source.strip() in stub(name)
    assert notebook.cells[-1].source == f"!grade {name}"
    for function in exercise.functions:
        assert f"def {function}(" in notebook_source(path)


@pytest.mark.parametrize("name", EXERCISES)
def test_generated_notebooks_hold_nothing_of_the_solution(name):
    text = nbformat.writes(build_notebook(COURSE, COURSE.catalog.exercise(name)))
    for line in solution(name).splitlines():
        line = line.strip()
        if line and line not in stub(name) and not line.startswith(("#", '"""')):
            assert json.dumps(line)[1:-1] not in text, line


def test_the_try_it_cell_uses_the_docstring_example():
    notebook = build_notebook(COURSE, COURSE.catalog.exercise("exercise3"))
    try_it = next(c for c in notebook.cells if c.get("id") == "try-it")
    assert try_it.source == ("# expected: 0.2797765635793423\n"
                             "print(compute_cost(np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]])))")
    intro = notebook.cells[0].source
    assert intro.startswith("# The cross-entropy cost") and "binary cross-entropy" in intro


def test_grading_a_py_file_does_not_import_nbformat(tmp_path):
    (tmp_path / "course").mkdir()
    course = make_workspace(tmp_path / "course")  # the attempt is recorded in this copy's gradebook
    (tmp_path / "answer.py").write_text(solution("exercise3"))
    code = ("import sys, grader.cli, grader.engine, grader.notebook\n"
            "assert 'nbformat' not in sys.modules, 'imported by grader.cli/engine'\n"
            f"sys.argv = ['grade', 'exercise3', '--json', '--submission', {str(tmp_path / 'answer.py')!r}]\n"
            "try:\n    grader.cli.main()\nexcept SystemExit as exc:\n    print('exit', exc.code)\n"
            "print('nbformat' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=course, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-2:] == ["exit 0", "False"]
