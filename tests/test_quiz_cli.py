"""`grade quiz`: in the terminal, from an answers file, as JSON, the answer key, exit codes, recording."""

import json
import shutil
import sys

import click
import pytest
import yaml

from grader.cli import cli
from grader.course import Course
from grader.gradebook import Gradebook
from grader.quiz import find_quiz, learner_seed, make_variant
from grader.quiz_schema import MULTIPLE, NUMERIC, SINGLE, TRUE_FALSE

SMALL_QUIZ = {
    "format_version": 1,
    "session": "session2",
    "title": "Theory of neural networks",
    "pass_mark": 0.5,
    "partial_credit": "right_minus_wrong",
    "questions": [
        {"id": "pick", "type": "single_choice", "prompt": "Which activation outputs values between 0 and 1?", "choices": {"a": "ReLU", "b": "sigmoid"}, "answer": "b", "explanation": "The sigmoid squashes any z into (0, 1)."},
        {"id": "truth", "type": "true_false", "prompt": "The output layer is a hyperparameter.", "answer": False, "explanation": "It is defined by the target."},
        {"id": "count", "type": "numeric", "prompt": "Inputs of a 300 x 300 grayscale image?", "answer": 90000, "tolerance": 0, "explanation": "300 x 300 = 90000."},
        {"id": "word", "type": "short_text", "prompt": "Name the algorithm that computes the gradients.", "accept": ["backpropagation", "backprop"], "explanation": "Backpropagation applies the chain rule."},
        {"id": "many", "type": "multiple_select", "prompt": "Which are hyperparameters?", "choices": {"a": "learning rate", "b": "weights", "c": "number of layers"}, "answer": ["a", "c"], "explanation": "Weights are learned."},
    ],
}


def invoke(runner, *args, input=None):
    return runner.invoke(cli, ["quiz", *args], input=input, catch_exceptions=False)


def attempts(course_dir, session="session1"):
    with Gradebook.open(Course(course_dir)) as book:
        return book.attempt_count("quiz", session, learner="ada")


def typed(variant):
    """What a learner who knows every answer types, one line per question."""
    lines = []
    for p in variant.questions:
        numbers = [str(i) for i, (key, _) in enumerate(p.choices, start=1) if key in (p.expected if p.type == MULTIPLE else (p.expected,))]
        if p.type in (SINGLE, MULTIPLE):
            lines.append(",".join(numbers))
        elif p.type == TRUE_FALSE:
            lines.append("true" if p.expected else "false")
        elif p.type == NUMERIC:
            lines.append(repr(p.expected))
        else:
            lines.append(p.question.accept[0].upper())
    return "\n".join(lines) + "\n"


def write_answers(path, answers):
    path.write_text(yaml.safe_dump(answers), encoding="utf-8")
    return str(path)


@pytest.fixture
def small_quiz(quiz_course):
    (quiz_course / "quizzes" / "session2.yaml").write_text(yaml.safe_dump(SMALL_QUIZ, sort_keys=False))
    return quiz_course


# --- in the terminal -------------------------------------------------------------------------


def test_a_whole_quiz_in_the_terminal(runner, quiz_course):
    variant = make_variant(find_quiz(Course(quiz_course), "session1"), 5)
    result = invoke(runner, "session1", "--seed", "5", input=typed(variant))
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Correct.") == len(variant.questions)
    n, points = len(variant.questions), int(variant.quiz.max_score)
    assert f"Question {n} of {n} (1 point)" in result.stdout
    assert f"Score: {points}/{points} (100%).\nPassed (pass mark 70%)." in result.stdout
    assert attempts(quiz_course) == 1


def test_invalid_input_is_asked_again(runner, small_quiz):
    variant = make_variant(find_quiz(Course(small_quiz), "session2"), 1)
    sigmoid = str([text for _, text in variant.posed("pick").choices].index("sigmoid") + 1)
    many = ",".join(str(i) for i, (k, _) in enumerate(variant.posed("many").choices, 1) if k in ("a", "c"))
    lines = ["3", "tanh", sigmoid, "maybe", "no", "ninety thousand", "90,000", "90000", "", "forward prop", "1,4", many]
    result = invoke(runner, "session2", "--seed", "1", input="\n".join(lines) + "\n")
    out = result.stdout
    assert result.exit_code == 1  # a wrong text answer is graded wrong, not asked again
    assert "Choose a number from 1 to 2." in out
    assert "'tanh' is not one of the choices: type its number, from 1 to 2." in out
    assert "Please answer true or false." in out
    assert "Please answer with a number (e.g. 42, 0.25 or 1e-3)." in out
    assert "Write the number without commas, with a dot for decimals (e.g. 270000 or 0.25)." in out
    assert "Please type an answer." in out
    assert "Choose a number from 1 to 3." in out
    assert out.count("Correct.") == 4
    assert "Not quite. The answer: backpropagation\nBackpropagation applies the chain rule." in out
    assert "- word: Name the algorithm that computes the gradients.\n  The answer: backpropagation\n  Backpropagation applies the chain rule." in out
    assert "Score: 4/5 (80%).\nPassed (pass mark 50%)." in out


def test_short_text_in_the_terminal_ignores_case_and_spaces(runner, small_quiz):
    variant = make_variant(find_quiz(Course(small_quiz), "session2"), 3)
    answers = typed(variant).replace("BACKPROPAGATION", "  Back Prop ")
    assert "  Back Prop " in answers
    result = invoke(runner, "session2", "--seed", "3", input=answers)
    assert result.exit_code == 0, result.stdout


def test_a_partly_right_multiple_select_in_the_terminal(runner, small_quiz):
    variant = make_variant(find_quiz(Course(small_quiz), "session2"), 1)
    first_right = str([k for k, _ in variant.posed("many").choices].index("a") + 1)
    answers = typed(variant).splitlines()
    answers[-1] = first_right
    result = invoke(runner, "session2", "--seed", "1", input="\n".join(answers) + "\n")
    assert result.exit_code == 1
    assert "Partly right (0.5 of 1 point). The answer: " in result.stdout
    assert "partly    many" in result.stdout
    assert "Score: 4.5/5 (90%)." in result.stdout


def test_end_of_input_leaves_without_recording(runner, quiz_course):
    result = invoke(runner, "session1", input="1\n2\n")
    assert result.exit_code == 1
    assert result.stderr == "Quiz left before the end: nothing was recorded (start again with `grade quiz session1`).\n"
    assert "Score" not in result.stdout
    assert attempts(quiz_course) == 0


def test_ctrl_c_leaves_without_recording(runner, quiz_course, monkeypatch):
    answers = iter(["1"])

    def prompt(*args, **kwargs):
        try:
            return next(answers)
        except StopIteration:
            raise KeyboardInterrupt from None

    monkeypatch.setattr(click, "prompt", prompt)
    result = invoke(runner, "session1")
    assert result.exit_code == 1
    assert result.stderr == "Quiz left before the end: nothing was recorded (start again with `grade quiz session1`).\n"
    assert "Traceback" not in result.output
    assert attempts(quiz_course) == 0


def test_json_in_the_terminal_keeps_stdout_for_the_object(runner, small_quiz):
    variant = make_variant(find_quiz(Course(small_quiz), "session2"), 2)
    result = invoke(runner, "session2", "--seed", "2", "--json", input=typed(variant))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["score"] == 5.0
    assert "Question 1 of 5" in result.stderr


# --- from an answers file ------------------------------------------------------------------------


def test_json_shape_is_exact(runner, small_quiz):
    answers = write_answers(small_quiz / "a.yaml", {"pick": "sigmoid", "truth": True, "many": ["a"]})
    result = invoke(runner, "session2", "--answers", answers, "--json")
    assert result.exit_code == 1
    assert result.stderr == ""
    data = json.loads(result.stdout)  # nothing but the object on stdout
    assert list(data) == ["quiz", "score", "max_score", "questions"]
    assert (data["quiz"], data["score"], data["max_score"]) == ("session2", 1.5, 5.0)
    assert data["questions"][0] == {"id": "pick", "score": 1.0, "max_score": 1.0, "correct": True, "explanation": "The sigmoid squashes any z into (0, 1)."}
    assert data["questions"][1] == {"id": "truth", "score": 0.0, "max_score": 1.0, "correct": False, "explanation": "It is defined by the target."}
    assert data["questions"][4] == {"id": "many", "score": 0.5, "max_score": 1.0, "correct": False, "explanation": "Weights are learned."}
    assert [q["id"] for q in data["questions"]] == ["pick", "truth", "count", "word", "many"]
    assert all(list(q) == ["id", "score", "max_score", "correct", "explanation"] for q in data["questions"])


def test_answers_by_key_text_and_list(runner, small_quiz):
    answers = write_answers(small_quiz / "a.yaml", {"pick": "b", "truth": "false", "count": "90000", "word": "BackProp", "many": ["learning rate", "c"]})
    result = invoke(runner, "session2", "--answers", answers)
    assert result.exit_code == 0
    assert "Score: 5/5 (100%).\nPassed (pass mark 50%)." in result.stdout
    assert attempts(small_quiz, "session2") == 1


def test_empty_answers_earn_zero_and_are_recorded(runner, small_quiz):
    (small_quiz / "a.yaml").write_text("")
    result = invoke(runner, "session2", "--answers", str(small_quiz / "a.yaml"), "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["score"] == 0
    assert attempts(small_quiz, "session2") == 1


@pytest.mark.parametrize("session", [f"session{i}" for i in range(1, 7)])
def test_the_answer_key_earns_full_marks_with_the_same_seed(runner, quiz_course, session):
    key = invoke(runner, session, "--answer-key", "--seed", "42")
    assert key.exit_code == 0 and key.stdout.startswith(f"# Answer key for {session}")
    (quiz_course / "key.yaml").write_text(key.stdout)
    result = invoke(runner, session, "--answers", "key.yaml", "--seed", "42", "--json")
    data = json.loads(result.stdout)
    assert result.exit_code == 0 and data["score"] == data["max_score"]
    assert attempts(quiz_course, session) == 1  # the answers were recorded, the answer key was not


def test_without_a_seed_the_variant_follows_the_attempt(runner, quiz_course):
    first_key = invoke(runner, "session1", "--answer-key").stdout
    assert f"variant seed {learner_seed('ada', 'session1', 1)}." in first_key
    assert invoke(runner, "session1", "--answer-key").stdout == first_key  # the key records nothing
    (quiz_course / "key.yaml").write_text(first_key)
    assert invoke(runner, "session1", "--answers", "key.yaml").exit_code == 0

    second_key = invoke(runner, "session1", "--answer-key").stdout
    assert f"variant seed {learner_seed('ada', 'session1', 2)}." in second_key
    changed = [a for a, b in zip(first_key.splitlines()[2:], second_key.splitlines()[2:]) if a != b]
    assert {line.split(":")[0] for line in changed} <= {"flatten_grayscale", "flatten_rgb", "accuracy_percent"}
    assert changed, "the numeric questions draw new numbers for a new attempt"


# --- exit status 2 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        (["session9"], "grade: unknown quiz 'session9' (this course has quizzes for: session1, session2, session3, session4, session5, session6)"),
        (["session1", "--answers", "missing.yaml"], "grade: answers file missing.yaml: file not found"),
        (["session1", "--answers", "list.yaml"], "grade: answers file list.yaml: expected a mapping from question id to answer, got list"),
        (["session1", "--answers", "broken.yaml"], "grade: answers file broken.yaml: malformed YAML (line 2, column 1): did not find expected ',' or ']'"),
        (["session1", "--answers", "typo.yaml"], "grade: answers file typo.yaml: flatten_rbg: session1 has no question with this id"),
        (["session1", "--answers", "bad_value.yaml"], "grade: answers file bad_value.yaml: flatten_rgb: Please answer with a number (e.g. 42, 0.25 or 1e-3)."),
        (["session1", "--answer-key", "--answers", "list.yaml"], "grade: --answer-key cannot be combined with --answers or --json"),
        (["--json"], "grade: name the quiz to take, e.g. `grade quiz session1`"),
    ],
)
def test_cannot_grade(runner, quiz_course, args, message):
    (quiz_course / "list.yaml").write_text("- a\n")
    (quiz_course / "broken.yaml").write_text("dl_inside_ml: [a\n")
    (quiz_course / "typo.yaml").write_text("flatten_rbg: 3\n")
    (quiz_course / "bad_value.yaml").write_text("flatten_rgb: lots\n")
    result = invoke(runner, *args)
    assert result.exit_code == 2
    assert result.stderr == message + "\n"
    assert result.stdout == ""
    assert attempts(quiz_course) == 0


def test_a_session_without_a_quiz(runner, quiz_course):
    (quiz_course / "quizzes" / "session6.yaml").unlink()
    result = invoke(runner, "session6")
    assert result.exit_code == 2
    assert result.stderr == "grade: session6 has no quiz yet (no file quizzes/session6.yaml)\n"


def test_a_broken_quiz_file_is_named(runner, quiz_course):
    path = quiz_course / "quizzes" / "session3.yaml"
    path.write_text(path.read_text().replace("    tolerance: 0.001\n", "", 1))  # the first one is cross_entropy_value's
    index = [q["id"] for q in yaml.safe_load(path.read_text())["questions"]].index("cross_entropy_value")
    result = invoke(runner, "session3", "--answers", "none.yaml")
    assert result.exit_code == 2
    assert result.stderr == f"grade: {path}: questions[{index}] (id: cross_entropy_value).tolerance: missing\n"


def test_a_bad_option_value(runner, quiz_course):
    result = invoke(runner, "session1", "--seed", "many")
    assert result.exit_code == 2
    assert "'many' is not a valid integer" in result.stderr
    assert "Traceback" not in result.output


def test_the_answer_key_is_refused_in_a_learners_copy(runner, quiz_course):
    shutil.rmtree(quiz_course / "solutions")
    result = invoke(runner, "session1", "--answer-key")
    assert result.exit_code == 2
    assert result.stderr == "grade: --answer-key is for instructors: this is a learner's copy of the course (it has no solutions/ folder)\n"
    assert result.stdout == ""
    assert invoke(runner, "session1", "--answers", write_answers(quiz_course / "a.yaml", {"why_now": "a"})).exit_code == 1


# --- the list of quizzes --------------------------------------------------------------------------


def test_the_list_shows_each_quiz_with_the_best_score(runner, small_quiz):
    invoke(runner, "session2", "--answers", write_answers(small_quiz / "a.yaml", {"pick": "b"}))
    invoke(runner, "session2", "--answers", write_answers(small_quiz / "b.yaml", {"pick": "b", "count": 90000}))
    invoke(runner, "session2", "--answers", write_answers(small_quiz / "c.yaml", {}))
    (small_quiz / "quizzes" / "session5.yaml").unlink()
    (small_quiz / "quizzes" / "session6.yaml").write_text("format_version: 1\n")
    result = invoke(runner)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Quizzes (take one with `grade quiz <session>`):"
    count = len(find_quiz(Course(small_quiz), "session1").questions)
    assert lines[1] == f"  session1   What deep learning is and how it differs from machine learning: {count} questions, not taken yet"
    assert lines[2] == "  session2   Theory of neural networks: 5 questions, best 2/5"
    assert [line.split()[0] for line in lines[1:]] == ["session1", "session2", "session3", "session4", "session6"]
    assert lines[5].startswith(f"  session6   Deep learning for NLP: cannot be taken: {small_quiz / 'quizzes' / 'session6.yaml'}: ")


def test_a_file_that_is_not_a_gradebook_is_left_alone_and_the_quiz_still_graded(runner, quiz_course):
    (quiz_course / ".grade").mkdir()
    (quiz_course / ".grade" / "gradebook.sqlite").write_bytes(b"not a database" * 100)
    result = invoke(runner, "session1", "--answers", write_answers(quiz_course / "a.yaml", {"why_now": "a"}), "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["score"] == 1.0
    assert result.stderr.startswith("grade: warning: this attempt was not recorded in the gradebook: ")
    assert len(result.stderr.splitlines()) == 1
    assert (quiz_course / ".grade" / "gradebook.sqlite").read_bytes() == b"not a database" * 100


def test_without_a_gradebook_module_the_quiz_warns_once(runner, quiz_course, monkeypatch):
    monkeypatch.setitem(sys.modules, "grader.gradebook", None)  # as before grader/gradebook.py existed
    result = invoke(runner, "session1", "--answers", write_answers(quiz_course / "a.yaml", {"why_now": "a"}))
    assert result.exit_code == 1
    assert result.stderr == "grade: warning: this attempt was not recorded in the gradebook: this installation has no gradebook\n"
    assert f"Score: 1/{find_quiz(Course(quiz_course), 'session1').max_score:g} (" in result.stdout


def test_help(runner):
    result = runner.invoke(cli, ["quiz", "--help"])
    assert result.exit_code == 0
    assert "--answer-key" in result.output and "--seed" in result.output
