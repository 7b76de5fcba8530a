"""exercise13's grader: the reference earns full marks, the stub 0, typical mistakes lose the right checks."""

import pytest

from helpers import by_id, grade, lost, mutate, solution, stub, with_gated

TOKENS = '    return re.findall(r"[a-z0-9]+", text.lower())\n'
KEPT = "    kept = sorted(word for word, count in counts.items() if count >= min_count)\n"
BAG_ADD = "            X[vocab.get(token, 0), j] += 1  # unknown words land in row 0, \"<unk>\"\n"
MEAN = "    return E[:, indices].mean(axis=1, keepdims=True)\n"


def with_change(old: str, new: str) -> str:
    return mutate(solution("exercise13"), old, new)


def test_reference_solution_earns_full_marks():
    result = grade("exercise13", solution("exercise13"))
    assert result.full_marks, [c.output for c in result.checks if c.status != "passed"]
    assert result.score == result.max_score == 18
    assert "included 8 hidden cases" in " ".join(result.notes)


def test_untouched_stub_earns_zero_and_says_not_started():
    result = grade("exercise13", stub("exercise13"))
    assert result.score == 0
    assert {c.status for c in result.checks} == {"error"}
    assert "You have not started exercise13 yet" in result.summary


@pytest.mark.parametrize("body, message", [
    ('    return re.findall(r"[A-Za-z0-9]+", text)\n', "without lower-casing"),
    ("    return text.lower().split()\n", "splitting on spaces keeps the punctuation"),
    ('    return re.findall(r"\\w+", text.lower())\n', "also matches the underscore"),
    ('    return re.split(r"[^a-z0-9]+", text.lower())\n', "drop the empty tokens"),
])
def test_tokenize_mistakes(body, message):
    result = grade("exercise13", with_change(TOKENS, body), hidden=False)
    assert "tokenize_values" in lost(result)
    output = by_id(result)["tokenize_values"].output
    assert output.startswith("Wrong tokens for the text")
    assert message in output


def test_vocabulary_without_unk():
    result = grade("exercise13", with_change(
        "    vocab = {UNK: 0}\n    for index, word in enumerate(kept, start=1):\n",
        "    vocab = {}\n    for index, word in enumerate(kept):\n"))
    assert "vocabulary_values" in lost(result)
    assert "a vocabulary without \"<unk>\": index 0 is reserved" in by_id(result)["vocabulary_values"].output


def test_vocabulary_in_first_seen_order():
    result = grade("exercise13", with_change(KEPT, "    kept = [word for word, count in counts.items() if count >= min_count]\n"))
    assert lost(result) == with_gated("exercise13", {"vocabulary_values"})
    assert "alphabetical order" in by_id(result)["vocabulary_values"].output


def test_vocabulary_ignores_min_count():
    result = grade("exercise13", with_change(KEPT, "    kept = sorted(counts)\n"))
    assert "vocabulary_values" in lost(result)
    assert "ignores min_count" in by_id(result)["vocabulary_values"].output


def test_bag_of_words_transposed():
    source = with_change("    X = np.zeros((len(vocab), len(texts)))\n", "    X = np.zeros((len(texts), len(vocab)))\n")
    source = mutate(source, BAG_ADD, "            X[j, vocab.get(token, 0)] += 1\n")
    result = grade("exercise13", source)
    assert {"bag_of_words_values", "classifier_returns_vocab_and_parameters"} <= lost(result)
    output = by_id(result)["bag_of_words_values"].output
    assert output.startswith("Wrong shape for `X` on case \"bag_of_words: docstring example\": expected (4, 2), got (2, 4).")
    assert "Examples are columns" in output


def test_unknown_word_raises_key_error():
    result = grade("exercise13", with_change(BAG_ADD, "            X[vocab[token], j] += 1\n"))
    assert "bag_of_words_values" in lost(result)
    output = by_id(result)["bag_of_words_values"].output
    assert "`bag_of_words` crashed on a word that is not in the vocabulary" in output
    assert "vocab.get(token, 0)" in output


def test_bag_of_words_presence_not_counts():
    result = grade("exercise13", with_change(BAG_ADD, "            X[vocab.get(token, 0), j] = 1\n"))
    assert "bag_of_words_values" in lost(result)
    assert "1 for a word that is present" in by_id(result)["bag_of_words_values"].output


def test_sentence_vector_sums():
    result = grade("exercise13", with_change(MEAN, "    return E[:, indices].sum(axis=1, keepdims=True)\n"))
    assert lost(result) == with_gated("exercise13", {"sentence_vector_values"})
    assert "the sum of the embeddings" in by_id(result)["sentence_vector_values"].output


def test_sentence_vector_unknown_words_dropped():
    result = grade("exercise13", with_change(
        "    indices = [vocab.get(token, 0) for token in tokens]\n",
        "    indices = [vocab[token] for token in tokens if token in vocab]\n"))
    assert lost(result) == with_gated("exercise13", {"sentence_vector_values"})
    assert "the known words only" in by_id(result)["sentence_vector_values"].output


def test_sentence_vector_loses_its_column_shape():
    result = grade("exercise13", with_change(MEAN, "    return E[:, indices].mean(axis=1)\n"))
    assert "sentence_vector_values" in lost(result)
    assert "Wrong shape for `v`" in by_id(result)["sentence_vector_values"].output


def test_one_hot_transposed():
    result = grade("exercise13", with_change(
        "    O = np.zeros((vocab_size, indices.size))\n    O[indices, np.arange(indices.size)] = 1.0",
        "    O = np.zeros((indices.size, vocab_size))\n    O[np.arange(indices.size), indices] = 1.0"))
    assert lost(result) == with_gated("exercise13", {"one_hot_values"})
    assert "One column per word" in by_id(result)["one_hot_values"].output


def test_predict_builds_its_own_vocabulary():
    result = grade("exercise13", with_change(
        "    X = bag_of_words(texts, vocab)  # the same vocabulary, so the same rows, as in training\n",
        "    X = bag_of_words(texts, build_vocabulary(texts))\n"))
    assert {"predict_values", "validation_accuracy", "held_out_accuracy"} <= lost(result)
    assert "never a new vocabulary of the texts to predict" in by_id(result)["validation_accuracy"].output


def test_predictions_as_booleans():
    result = grade("exercise13", with_change("    return (probabilities > 0.5).astype(int)\n",
                                             "    return probabilities > 0.5\n"))
    assert {"predict_values", "validation_accuracy", "held_out_accuracy"} <= lost(result)
    assert "not True/False" in by_id(result)["predict_values"].output


def test_public_copy_uses_the_validation_split_for_the_held_out_check():
    result = grade("exercise13", with_change(
        "    parameters = fit_logistic_regression(bag_of_words(texts, vocab), labels, seed=seed)\n",
        "    parameters = fit_logistic_regression(bag_of_words(texts, vocab), 1 - labels, seed=seed)\n"), hidden=False)
    assert result.hidden_pending
    assert {"validation_accuracy", "held_out_accuracy"} <= lost(result)
    output = by_id(result)["held_out_accuracy"].output
    assert "validation split in its place" in output and "has not learnt even its training sentences" in output


def test_a_wrong_tokenize_is_named_where_it_breaks_later_functions():
    result = grade("exercise13", with_change(TOKENS, "    return text.lower().split()\n"), hidden=False)
    assert {"tokenize_values", "vocabulary_values", "bag_of_words_values"} <= lost(result)
    for check in ("vocabulary_values", "bag_of_words_values"):
        assert "the functions that follow use tokenize, so fix it first" in by_id(result)[check].output
