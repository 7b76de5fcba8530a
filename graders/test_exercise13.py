"""Grader for exercise13: tokenize, build_vocabulary, bag_of_words, one_hot, sentence_vector,
train_text_classifier and predict_text. Each test is one check of course.yaml (test_<check id>).

train_text_classifier runs once per grading (`_training`); the checks that need the trained classifier
share that run. Its training sentences reach the grader inside the fixtures.
"""

import numpy as np

from grader.checks import CheckFailed, describe_type, expect_array, expect_close, fail, fmt_number
from grader.engine import LearnerError

TARGET = 0.85
UNK = "<unk>"

_runs = {}


# --- shared helpers --------------------------------------------------------------------------------


def _call(learner, function, *args, case=None):
    """Call the learner's function; a KeyError or a shape clash gets a message that says what to look at."""
    try:
        return learner.call(function, *args)
    except LearnerError as exc:
        text = str(exc)
        where = f' on case "{case.name}"' if case is not None else ""
        if "raised KeyError" in text:
            fail(f"`{function}` crashed on a word that is not in the vocabulary{where}:", text,
                 f"Unknown words count as \"{UNK}\": look them up with vocab.get(token, 0), not vocab[token].")
        if function == "predict_text" and "raised ValueError" in text and ("matmul" in text or "align" in text):
            fail(f"`predict_text` crashed multiplying W1 by the bag of words{where}:", text,
                 "W1 has one column per word of the vocabulary it was trained with: build the bag of words with "
                 "the vocab predict_text is given, never a new vocabulary of the texts to predict.")
        raise


def _run(learner, case):
    return _call(learner, case.function, *case.args, case=case)


def _show(text, limit=60):
    return repr(text if len(text) <= limit else text[:limit - 3] + "...")


def _known_mistake(got, case):
    for message, value in case.mistakes:
        if got == value:
            return message
    return ""


def _tokenize_first(learner, case) -> str:
    """When the learner's tokenize splits one of the case's texts wrongly, say so: fix that first."""
    for text, expected in zip(case.args[0], case.data["tokens"]):
        try:
            got = learner.call("tokenize", text)
        except LearnerError:
            return "tokenize does not work yet: the functions that follow use it, so fix tokenize first."
        if got != expected:
            return (f"tokenize({_show(text)}) gives {got!r} instead of {expected!r}: the functions that follow use "
                    "tokenize, so fix it first.")
    return ""


def _training(learner, cases):
    """(value, texts, labels, args_after) of the one train_text_classifier run of this grading."""
    if _runs.get("learner") is not learner:
        case = cases.named("validation split")
        texts, labels = case.data["train_texts"], case.data["train_labels"]
        _runs.clear()
        _runs["learner"] = learner
        try:
            value, args_after, _ = learner.call_checked("train_text_classifier", texts, labels, seed=0)
            _runs["result"] = (value, texts, labels, args_after)
        except Exception as exc:  # a LearnerError or LearnerTimeout: every check that needs it reports it
            _runs["error"] = exc
    if "error" in _runs:
        raise _runs["error"]
    return _runs["result"]


def _classifier(value):
    """(vocab, parameters) from what train_text_classifier returned, checked for shape."""
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        fail("train_text_classifier should return the pair (vocab, parameters).", f"  got: {describe_type(value)}",
             "End it with `return vocab, parameters`.")
    vocab, parameters = value
    if isinstance(vocab, dict) and "W1" in vocab:
        fail("train_text_classifier returned (parameters, vocab): the contract is (vocab, parameters), in that order.")
    if not isinstance(vocab, dict) or vocab.get(UNK) != 0:
        fail("The first value train_text_classifier returns should be the vocabulary, a dict with "
             f"\"{UNK}\" -> 0.", f"  got: {describe_type(vocab)}")
    if not isinstance(parameters, dict) or "W1" not in parameters or "b1" not in parameters:
        fail("The second value train_text_classifier returns should be the parameters {\"W1\", \"b1\"}.",
             f"  got: {describe_type(parameters)}")
    W1 = expect_array("W1", parameters["W1"])
    b1 = expect_array("b1", parameters["b1"])
    if W1.shape != (1, len(vocab)):
        fail(f"Wrong shape for `W1`: expected (1, {len(vocab)}), one weight per word of the vocabulary; got {W1.shape}.",
             "Fit the classifier on bag_of_words(texts, vocab), with the vocab you return.")
    if b1.shape != (1, 1):
        fail(f"Wrong shape for `b1`: expected (1, 1), got {b1.shape}.")
    return vocab, parameters


def _labels(got, m, case=None):
    where = f' on case "{case.name}"' if case is not None else ""
    got = expect_array("predictions", got, case)
    if got.shape != (1, m):
        lines = [f"Wrong shape for `predictions`{where}: expected (1, {m}), got {got.shape}."]
        if got.shape == (m,):
            lines.append("Keep the row: W1 @ X + b1 already has shape (1, m); do not flatten it.")
        fail(*lines)
    if got.dtype.kind == "b":
        fail(f"`predictions` should hold the integers 0 and 1{where}, not True/False.", "Add .astype(int).")
    if got.dtype.kind not in "iuf" or not np.all(np.isin(got, (0, 1))):
        fail(f"`predictions` should hold only 0 and 1{where}.", f"  got values like: {fmt_number(got.ravel()[0])}",
             "Compare the probabilities with 0.5 (probability > 0.5) and return that as integers.")
    return got


def _accuracy(learner, vocab, parameters, texts, labels):
    got = _labels(_call(learner, "predict_text", texts, vocab, parameters), len(texts))
    return float(np.mean(got.ravel() == labels.ravel()))


def _expect_accuracy(learner, cases, texts, labels, split, note=""):
    vocab, parameters = _classifier(_training(learner, cases)[0])
    accuracy = _accuracy(learner, vocab, parameters, texts, labels)
    if accuracy >= TARGET:
        return
    _, train_texts, train_labels, _ = _training(learner, cases)
    on_train = _accuracy(learner, vocab, parameters, train_texts, train_labels)
    lines = [f"Accuracy on the {split}: expected at least {TARGET:.0%}, got {accuracy:.0%} "
             f"({int(round(accuracy * labels.size))} of {labels.size} sentences right).", note,
             f"On its own training sentences it scores {on_train:.0%}."]
    if on_train < 0.9:
        lines.append("It has not learnt even its training sentences: fit on bag_of_words(texts, vocab) with the labels "
                     "as given, and check that predict_text reads the texts with the same vocab.")
    else:
        lines.append("It learnt its training sentences but not the others: is the vocabulary built from the training "
                     "texts, with a small min_count (1 or 2)?")
    fail(*lines)


# --- the checks -------------------------------------------------------------------------------------


def test_tokenize_values(learner, cases):
    for case in cases("tokenize"):
        got = _run(learner, case)
        if not isinstance(got, list) or not all(isinstance(t, str) for t in got):
            fail(f"tokenize should return a list of str for the text {_show(case.args[0])}.",
                 f"  got: {describe_type(got)}", "re.findall returns one; wrap anything else in list(...).")
        if got != case.expected:
            fail(f"Wrong tokens for the text {_show(case.args[0])}:", f"  expected: {case.expected!r}",
                 f"  got:      {got!r}", _known_mistake(got, case))


def test_vocabulary_values(learner, cases):
    for case in cases("build_vocabulary"):
        got = _run(learner, case)
        texts, min_count = case.args[0], (case.args[1] if len(case.args) > 1 else 1)
        where = f"for the texts {_show(repr(texts), 70)} with min_count={min_count}"
        if not isinstance(got, dict):
            fail(f"build_vocabulary should return a dict word -> index {where}.", f"  got: {describe_type(got)}")
        if got == case.expected:
            continue
        mistake = _known_mistake(got, case)
        if got.get(UNK) != 0 and not mistake:
            fail(f"`vocab[\"{UNK}\"]` should be 0 {where}.",
                 f"  got: {got.get(UNK)!r}" if UNK in got else f"  got: no \"{UNK}\" key",
                 f"Start with vocab = {{\"{UNK}\": 0}} and number the words from 1.")
        missing = [w for w in case.expected if w not in got]
        extra = [w for w in got if w not in case.expected]
        lines = [f"Wrong vocabulary {where}:", f"  expected: {case.expected!r}", f"  got:      {got!r}"]
        if mistake:
            lines.append(mistake)
        elif _tokenize_first(learner, case):
            lines.append(_tokenize_first(learner, case))
        elif missing or extra:
            lines.append(f"Missing words: {missing or '(none)'}; words that should not be there: {extra or '(none)'}.")
        else:
            lines.append("The words are right but their indices are not: \"<unk>\" is 0, then the words in "
                         "alphabetical order from 1.")
        fail(*lines)


def test_bag_of_words_values(learner, cases):
    for case in cases("bag_of_words"):
        got = _run(learner, case)
        texts, vocab = case.args
        if isinstance(got, np.ndarray) and got.shape == (len(texts), len(vocab)) != case.expected.shape:
            fail(f"Wrong shape for `X` on case \"{case.name}\": expected ({len(vocab)}, {len(texts)}), got {got.shape}.",
                 "Examples are columns: one row per vocabulary word, one column per text (X[word, text]).")
        try:
            expect_close("X", got, case.expected, case)
        except CheckFailed as exc:
            raise CheckFailed("\n".join(filter(None, [str(exc), _tokenize_first(learner, case)]))) from None


def test_one_hot_values(learner, cases):
    for case in cases("one_hot"):
        got = _run(learner, case)
        n, size = len(case.args[0]), case.args[1]
        if isinstance(got, np.ndarray) and got.shape == (n, size) != case.expected.shape:
            fail(f"Wrong shape for `O` on case \"{case.name}\": expected ({size}, {n}), got {got.shape}.",
                 "One column per word, one row per vocabulary entry: np.zeros((vocab_size, n)).")
        expect_close("O", got, case.expected, case)


def test_sentence_vector_values(learner, cases):
    for case in cases("sentence_vector"):
        got = _run(learner, case)
        tokens = case.args[0]
        if not tokens and isinstance(got, np.ndarray) and got.shape == case.expected.shape \
                and not np.all(np.isfinite(got)):
            fail("With no tokens, sentence_vector should return a column of zeros:",
                 f"  expected: zeros of shape {case.expected.shape}", "  got:      nan (the mean of nothing)",
                 "Handle it first: if not tokens: return np.zeros((E.shape[0], 1)).")
        expect_close("v", got, case.expected, case)


def test_predict_values(learner, cases):
    for case in cases("predict_text"):
        got = _labels(_run(learner, case), len(case.args[0]), case)
        expect_close("predictions", got, case.expected, case)


def test_classifier_returns_vocab_and_parameters(learner, cases):
    _classifier(_training(learner, cases)[0])


def test_validation_accuracy(learner, cases):
    case = cases.named("validation split")
    _expect_accuracy(learner, cases, case.args[0], case.data["Y_valid"], "validation split")


def test_held_out_accuracy(learner, cases):
    held_out = [c for c in cases("predict_text") if "Y_held_out" in c.data]
    if held_out:
        _expect_accuracy(learner, cases, held_out[0].args[0], held_out[0].data["Y_held_out"], "held-out split")
    else:
        # A learner's copy has no held-out split: the validation split stands in (see exercise12).
        case = cases.named("validation split")
        _expect_accuracy(learner, cases, case.args[0], case.data["Y_valid"], "validation split",
                         note="(Your copy of the course has no held-out split, so this check used the validation "
                              "split in its place; your instructor's grading uses the held-out split.)")


def _unchanged(function, names, before, after):
    for name, b, a in zip(names, before, after):
        same = np.array_equal(a, b) if isinstance(b, np.ndarray) else (type(a) is type(b) and a == b)
        if not same:
            fail(f"{function} changed its input `{name}` in place.",
                 "Read the inputs, build new lists, dicts and arrays: the caller's data must stay as it was.")


def test_inputs_unchanged(learner, cases):
    _, texts, labels, after = _training(learner, cases)
    _unchanged("train_text_classifier", ("texts", "labels"), (texts, labels), after)
    for function, names, index in (("build_vocabulary", ("texts", "min_count"), 0),
                                   ("bag_of_words", ("texts", "vocab"), 1),
                                   ("one_hot", ("indices", "vocab_size"), 3),
                                   ("sentence_vector", ("tokens", "vocab", "E"), 1)):
        case = cases(function)[index]
        _, after, _ = learner.call_checked(function, *case.args)
        _unchanged(function, names, case.args, after)
