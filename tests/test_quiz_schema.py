"""Quiz files: the course's six are valid, and each kind of mistake is named by file, question and key."""

import copy
from collections import Counter

import pytest
import yaml

from grader.course import Course
from grader.errors import CatalogError
from grader.quiz_schema import QUESTION_TYPES, load_quiz, validate_quiz

from conftest import ROOT

SESSIONS = [s.id for s in Course(ROOT).catalog.sessions]

VALID = {
    "format_version": 1,
    "session": "session1",
    "title": "A small quiz",
    "pass_mark": 0.6,
    "partial_credit": "right_minus_wrong",
    "questions": [
        {"id": "pick", "type": "single_choice", "prompt": "Pick B.", "choices": {"a": "A", "b": "B"}, "answer": "b", "explanation": "B it is."},
        {"id": "many", "type": "multiple_select", "prompt": "Pick A and C.", "choices": {"a": "A", "b": "B", "c": "C"}, "answer": ["a", "c"], "explanation": "A and C."},
        {"id": "truth", "type": "true_false", "prompt": "True?", "answer": True, "explanation": "Yes."},
        {"id": "fixed", "type": "numeric", "prompt": "Half?", "answer": 0.5, "tolerance": 0.01, "explanation": "One half."},
        {
            "id": "drawn",
            "type": "numeric",
            "prompt": "An {n} x {n} RGB image has how many values?",
            "params": {"n": {"min": 10, "max": 20}},
            "formula": "3 * n ** 2",
            "tolerance": 0,
            "explanation": "3 x {n} x {n} = {answer}.",
        },
        {"id": "word", "type": "short_text", "prompt": "Name it.", "accept": ["Back Propagation", "backprop"], "explanation": "Backpropagation."},
    ],
}
Q = {q["id"]: i for i, q in enumerate(VALID["questions"])}


def write(tmp_path, data, name="session1.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def edited(change):
    data = copy.deepcopy(VALID)
    change(data)
    return data


def question(data, qid):
    return data["questions"][Q[qid]]


# --- the course's quizzes ------------------------------------------------------------------


@pytest.mark.parametrize("session", SESSIONS)
def test_every_session_has_a_valid_quiz(session):
    path = ROOT / "quizzes" / f"{session}.yaml"
    assert validate_quiz(path) == []
    quiz = load_quiz(path)
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["format_version"] == 1
    assert quiz.name == session
    assert len(quiz.questions) >= 12
    assert any(q.params for q in quiz.questions), "each quiz has a parameterised numeric question"
    assert all(len(q.explanation.split()) >= 12 for q in quiz.questions), "explanations teach, in sentences"


def test_the_quizzes_use_every_question_type():
    counts = Counter(q.type for s in SESSIONS for q in load_quiz(ROOT / "quizzes" / f"{s}.yaml").questions)
    assert set(counts) == set(QUESTION_TYPES)


def test_a_valid_file_loads(tmp_path):
    quiz = load_quiz(write(tmp_path, VALID))
    assert [q.id for q in quiz.questions] == list(Q)
    assert quiz.max_score == 6.0
    assert quiz.question("many").answer == ("a", "c")
    assert [p.name for p in quiz.question("drawn").params] == ["n"]


# --- one test per kind of mistake ------------------------------------------------------------


def _set(path, value):
    """A change that sets data[path...] = value (a path of keys / question ids)."""

    def change(data):
        target = data
        *parents, last = path
        for key in parents:
            target = question(target, key) if key in Q and target is data else target[key]
        if last in Q and target is data:
            raise AssertionError("replace a key of a question, not the question")
        target[last] = value

    return change


def _delete(path):
    def change(data):
        target = data
        *parents, last = path
        for key in parents:
            target = question(target, key) if key in Q and target is data else target[key]
        del target[last]

    return change


MISTAKES = {
    "duplicate id": (_set(["many", "id"], "pick"), "questions[1] (id: pick).id", "duplicate question id 'pick' (first used by questions[0])"),
    "answer not among the choices": (_set(["pick", "answer"], "z"), "questions[0] (id: pick).answer", "'z' is not among the choices (a, b)"),
    "multiple answer not among the choices": (_set(["many", "answer"], ["a", "z"]), "questions[1] (id: many).answer[1]", "'z' is not among the choices"),
    "empty multiple answer": (_set(["many", "answer"], []), "questions[1] (id: many).answer", "list at least one right choice"),
    "missing explanation": (_delete(["truth", "explanation"]), "questions[2] (id: truth).explanation", "missing"),
    "empty explanation": (_set(["truth", "explanation"], "  "), "questions[2] (id: truth).explanation", "is empty"),
    "missing prompt": (_delete(["truth", "prompt"]), "questions[2] (id: truth).prompt", "missing"),
    "missing tolerance": (_delete(["fixed", "tolerance"]), "questions[3] (id: fixed).tolerance", "missing"),
    "negative tolerance": (_set(["fixed", "tolerance"], -0.1), "questions[3] (id: fixed).tolerance", "must be 0 or more"),
    "unknown type": (_set(["truth", "type"], "essay"), "questions[2] (id: truth).type", "unknown question type 'essay'"),
    "unsafe formula": (_set(["drawn", "formula"], "__import__('os').getcwd()"), "questions[4] (id: drawn).formula", "only these functions may be called"),
    "attribute in formula": (_set(["drawn", "formula"], "n.real * 3"), "questions[4] (id: drawn).formula", "Attribute is not allowed"),
    "invalid formula": (_set(["drawn", "formula"], "3 * (n"), "questions[4] (id: drawn).formula", "is not a valid formula"),
    "formula name not a parameter": (_set(["drawn", "formula"], "3 * n * m"), "questions[4] (id: drawn).formula", "uses `m`, which is not a parameter"),
    # n = 15 is one of the 11 values of n: the validator tries them all.
    "formula that fails for one value": (_set(["drawn", "formula"], "3 * n ** 2 / (n - 15)"), "questions[4] (id: drawn).formula", "cannot evaluate"),
    "formula that fails at the top of a large range": (
        lambda data: question(data, "drawn").update(params={"n": {"min": 1, "max": 100000}}, formula="3 * n ** 2 / (n - 100000)"),
        "questions[4] (id: drawn).formula",
        "cannot evaluate",
    ),
    "huge exponent": (_set(["drawn", "formula"], "n ** 100000"), "questions[4] (id: drawn).formula", "exponent 100000 is larger than 1000"),
    "parameter never used": (_set(["drawn", "params"], {"n": {"min": 1, "max": 3}, "k": {"min": 1, "max": 3}}), "questions[4] (id: drawn).params.k", "is drawn but the formula does not use it"),
    "parameter not shown": (_set(["drawn", "prompt"], "How many values?"), "questions[4] (id: drawn).prompt", "never shows parameter `n`"),
    "unknown placeholder": (_set(["drawn", "explanation"], "It is {oops}."), "questions[4] (id: drawn).explanation", "placeholder {oops} is not a parameter"),
    "attribute placeholder": (_set(["drawn", "prompt"], "{n} and {n.__class__}"), "questions[4] (id: drawn).prompt", "placeholder {n.__class__} is not a parameter"),
    "unbalanced brace": (_set(["drawn", "prompt"], "An {n x {n} image"), "questions[4] (id: drawn).prompt", "bad placeholder"),
    "reserved parameter name": (_set(["drawn", "params"], {"sqrt": {"min": 1, "max": 3}}), "questions[4] (id: drawn).params.sqrt", "cannot be a parameter name"),
    "parameter range upside down": (_set(["drawn", "params"], {"n": {"min": 5, "max": 1}}), "questions[4] (id: drawn).params.n.max", "is below min"),
    "parameter without values": (_set(["drawn", "params"], {"n": {"values": []}}), "questions[4] (id: drawn).params.n.values", "non-empty list of numbers"),
    "both answer and formula": (_set(["drawn", "answer"], 3), "questions[4] (id: drawn).answer", "exactly one of `answer`"),
    "parameters with a fixed answer": (_set(["fixed", "params"], {"n": {"min": 1, "max": 2}}), "questions[3] (id: fixed).params", "need a `formula`"),
    "true_false answer not a boolean": (_set(["truth", "answer"], "yes"), "questions[2] (id: truth).answer", "expected true/false, got text"),
    "key of another question type": (_set(["truth", "tolerance"], 0), "questions[2] (id: truth).tolerance", "unknown key for a true_false question"),
    "unknown question key": (_set(["pick", "hint"], "B"), "questions[0] (id: pick).hint", "unknown key for a single_choice question"),
    "no accepted answers": (_set(["word", "accept"], []), "questions[5] (id: word).accept", "list at least one accepted answer"),
    "one choice only": (_set(["pick", "choices"], {"b": "B"}), "questions[0] (id: pick).choices", "at least two choices"),
    "two choices with the same text": (_set(["pick", "choices"], {"a": "Same", "b": " SAME"}), "questions[0] (id: pick).choices.b", "same text as choice 'a'"),
    "choice text that is another key": (_set(["pick", "choices"], {"a": "b", "b": "Bee"}), "questions[0] (id: pick).choices.a", "its text is the key of choice 'b'"),
    "choice text that is a bare number": (_set(["pick", "choices"], {"a": "10", "b": "B"}), "questions[0] (id: pick).choices.a", "'10' would read as the number of a choice"),
    "choice key that is not a word": (_set(["pick", "choices"], {"1": "A", "b": "B"}), "questions[0] (id: pick).choices", "choice key '1' must be lower-case text"),
    "bad question id": (_set(["pick", "id"], "Pick Me"), "questions[0].id", "'Pick Me' is not a lower-case identifier"),
    "points not positive": (_set(["pick", "points"], 0), "questions[0] (id: pick).points", "must be greater than 0"),
    "pass_mark above 1": (_set(["pass_mark"], 1.5), "pass_mark", "must be a fraction of the maximum score"),
    "pass_mark zero": (_set(["pass_mark"], 0), "pass_mark", "must be a fraction of the maximum score"),
    "pass_mark not a number": (_set(["pass_mark"], "70%"), "pass_mark", "expected number, got text"),
    "format_version too new": (_set(["format_version"], 2), "format_version", "reads up to 1: upgrade it"),
    "format_version missing": (_delete(["format_version"]), "format_version", "missing"),
    "session not the file name": (_set(["session"], "session2"), "session", "the file is named session1.yaml"),
    "unknown partial credit rule": (_set(["partial_credit"], "half"), "partial_credit", "unknown rule 'half'"),
    "partial credit rule not stated": (_delete(["partial_credit"]), "partial_credit", "this quiz has multiple_select questions"),
    "unknown top-level key": (_set(["shuffle"], True), "shuffle", "unknown key for a quiz file"),
    "no questions": (_set(["questions"], []), "questions", "at least one question"),
}


@pytest.mark.parametrize("name", list(MISTAKES))
def test_each_mistake_is_named(tmp_path, name):
    change, key, problem = MISTAKES[name]
    path = write(tmp_path, edited(change))
    problems = validate_quiz(path)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{path}: {key}: "), problems[0]
    assert problem in problems[0]
    with pytest.raises(CatalogError) as caught:
        load_quiz(path)
    assert (caught.value.path, caught.value.key) == (str(path), key)


def test_all_problems_are_listed_and_the_loader_raises_the_first(tmp_path):
    data = edited(_delete(["truth", "explanation"]))
    question(data, "fixed").pop("tolerance")
    path = write(tmp_path, data)
    assert validate_quiz(path) == [
        f"{path}: questions[2] (id: truth).explanation: missing",
        f"{path}: questions[3] (id: fixed).tolerance: missing",
    ]
    with pytest.raises(CatalogError, match=r"questions\[2\] \(id: truth\)\.explanation: missing"):
        load_quiz(path)


@pytest.mark.parametrize(
    "text, problem",
    [
        ("format_version: 1\nquestions: [\n", "malformed YAML (line"),
        ("- just\n- a list\n", "expected a mapping with format_version"),
    ],
)
def test_a_file_that_is_not_a_quiz(tmp_path, text, problem):
    path = tmp_path / "session1.yaml"
    path.write_text(text)
    [message] = validate_quiz(path)
    assert message.startswith(f"{path}: ") and problem in message


def test_a_missing_file(tmp_path):
    assert validate_quiz(tmp_path / "session1.yaml") == [f"{tmp_path / 'session1.yaml'}: file not found"]
