"""Cases for exercise13 (tokenize, build_vocabulary, bag_of_words, one_hot, sentence_vector,
train_text_classifier, predict_text) and the typical mistakes its feedback recognises.

Instructor-only: `grade fixtures` runs the reference solution on these and stores the results.
The sentences come from data/sentiment_*.tsv (the learner's splits) and from
graders/cases/exercise13_held_out.tsv, which only the hidden fixture holds (exercise13_splits.py made
all three). The training sentences travel in the "validation split" case's extras.
"""

import re
from pathlib import Path

import numpy as np

from grader.cases import Case, Mistake

ROOT = Path(__file__).resolve().parents[2]
UNK = "<unk>"


def _load(path):
    texts, labels = [], []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            label, text = line.split("\t")
            texts.append(text)
            labels.append(int(label))
    return texts, np.array([labels])


def _tokens(text):
    return re.findall(r"[a-z0-9]+", text.lower())


# Each text's tokens: when build_vocabulary or bag_of_words is wrong, the grader checks tokenize on the
# same texts, to tell the learner which function to fix first.
TOKENS_OF_TEXTS = {"tokens": lambda texts, *rest: [_tokens(text) for text in texts]}


def _vocabulary(texts, min_count=1, order="sorted", unk=True, count="occurrences", strict=False):
    """build_vocabulary, with switches for its typical mistakes."""
    counts, first_seen = {}, []
    for text in texts:
        tokens = _tokens(text)
        for token in (set(tokens) if count == "documents" else tokens):
            if token not in counts:
                first_seen.append(token)
            counts[token] = counts.get(token, 0) + 1
    kept = [w for w in first_seen if (counts[w] > min_count if strict else counts[w] >= min_count)]
    kept = sorted(kept) if order == "sorted" else kept
    start = 1 if unk else 0
    vocab = {UNK: 0} if unk else {}
    vocab.update({word: i for i, word in enumerate(kept, start=start)})
    return vocab


def _network(rng, vocab):
    return {"W1": rng.standard_normal((1, len(vocab))).round(3), "b1": np.array([[0.3]])}


def cases():
    rng = np.random.default_rng(13)
    train_texts, train_labels = _load(ROOT / "data" / "sentiment_train.tsv")
    valid_texts, valid_labels = _load(ROOT / "data" / "sentiment_validation.tsv")
    held_texts, held_labels = _load(ROOT / "graders" / "cases" / "exercise13_held_out.tsv")

    for name, text, hidden in (
            ("docstring example", "Great food, friendly staff -- I'll be back!", False),
            ("capitals and punctuation", "Hello, World!", False),
            ("an empty text", "", False),
            ("only punctuation and spaces", "  ...  ?! ", False),
            ("digits are kept", "The 3 LITTLE pigs, in 1999.", False),
            ("underscores and hyphens separate words", "snake_case and kebab-case", False),
            ("tabs and new lines", "Tabs\tand\nnew   lines", False),
            ("an e-mail address (hidden)", "Mr. O'Neil's well-known e-mail: Hi_There@Example.com", True),
            ("shouting (hidden)", "ALL CAPS!!! 100% SURE...", True)):
        yield Case(f"tokenize: {name}", "tokenize", (text,), hidden=hidden)

    for name, args, hidden in (
            ("docstring example", (["the cat sat", "The dog sat down"], 2), False),
            ("alphabetical, not first-seen", (["b a c", "a b"],), False),
            ("case and punctuation", (["Good food.", "good FOOD, good service!"],), False),
            ("min_count counts every occurrence", (["very very good", "good film", "bad film"], 2), False),
            ("no words at all", ([""],), False),
            ("20 training sentences, min_count 3 (hidden)", (train_texts[:20], 3), True),
            ("10 training sentences (hidden)", (train_texts[20:30],), True)):
        yield Case(f"build_vocabulary: {name}", "build_vocabulary", args, hidden=hidden, extras=TOKENS_OF_TEXTS)

    small = {UNK: 0, "cat": 1, "dog": 2, "sat": 3}
    reviews = _vocabulary(train_texts[:30], 2)
    for name, args, hidden in (
            ("docstring example", (["the cat sat", "a dog, a dog"], small), False),
            ("capitals, punctuation and unknown words", (["The CAT sat. The cat!", "Dogs? No: a dog.", "zebra"], small),
             False),
            ("one text (m = 1)", (["dog dog dog cat"], small), False),
            ("an empty text among others", (["cat", "", "sat sat"], small), False),
            ("6 sentences, vocabulary of 30 others", (train_texts[30:36], reviews), False),
            ("8 sentences, vocabulary of 30 others (hidden)", (valid_texts[:8], reviews), True)):
        yield Case(f"bag_of_words: {name}", "bag_of_words", args, m=len(args[0]), hidden=hidden,
                   extras=TOKENS_OF_TEXTS)

    for name, args, hidden in (
            ("docstring example", ([2, 0], 3), False),
            ("a repeated index", ([1, 1, 4], 5), False),
            ("one word of a one-word vocabulary", ([0], 1), False),
            ("indices as a numpy array", (np.array([3, 0, 2]), 4), False),
            ("6 words (hidden)", ([5, 2, 2, 0, 1, 3], 7), True)):
        yield Case(f"one_hot: {name}", "one_hot", args, hidden=hidden)

    E = rng.standard_normal((3, 6)).round(3)
    words = {UNK: 0, "bad": 1, "film": 2, "good": 3, "great": 4, "very": 5}
    for name, args, hidden in (
            ("docstring example", (["good", "food", "yum"], {UNK: 0, "food": 1, "good": 2},
                                   np.array([[1.0, 2.0, 0.0], [0.0, 4.0, 2.0]])), False),
            ("a repeated word", (["very", "very", "good", "film"], words, E), False),
            ("an unknown word", (["great", "popcorn", "film"], words, E), False),
            ("one word", (["bad"], words, E), False),
            ("no words", ([], words, E), False),
            ("7 words, d = 5 (hidden)", (["very", "good", "good", "film", "bad", "xyz", "great"], words,
                                         rng.standard_normal((5, 6)).round(3)), True)):
        yield Case(f"sentence_vector: {name}", "sentence_vector", args, m=len(args[0]), hidden=hidden)

    toy = {UNK: 0, "bad": 1, "good": 2}
    yield Case("predict_text: a vocabulary of two words", "predict_text",
               (["Good, good!", "bad", "nothing to see", "good but bad"], toy,
                {"W1": np.array([[0.2, -2.0, 2.0]]), "b1": np.array([[-0.1]])}), m=4)
    yield Case("validation split", "predict_text", (valid_texts, reviews, _network(rng, reviews)), m=len(valid_texts),
               extras={"Y_valid": lambda *args: valid_labels, "train_texts": lambda *args: train_texts,
                       "train_labels": lambda *args: train_labels})
    yield Case("held-out split (hidden)", "predict_text", (held_texts, reviews, _network(rng, reviews)),
               m=len(held_texts), hidden=True, extras={"Y_held_out": lambda *args: held_labels})


# --- typical mistakes ------------------------------------------------------------------------------


def _bag(texts, vocab, binary=False, drop_unknown=False):
    X = np.zeros((len(vocab), len(texts)))
    for j, text in enumerate(texts):
        for token in _tokens(text):
            if token in vocab or not drop_unknown:
                X[vocab.get(token, 0), j] = 1 if binary else X[vocab.get(token, 0), j] + 1
    return X


def _mean_of(tokens, vocab, E, known_only=False, unique=False):
    if unique:
        tokens = list(dict.fromkeys(tokens))
    indices = [vocab[t] for t in tokens if t in vocab] if known_only else [vocab.get(t, 0) for t in tokens]
    return E[:, indices].mean(axis=1, keepdims=True) if indices else np.zeros((E.shape[0], 1))


def _shifted(indices, vocab_size, shift):
    O = np.zeros((vocab_size, len(indices)))
    for j, i in enumerate(np.asarray(indices).ravel()):
        if 0 <= i + shift < vocab_size:
            O[i + shift, j] = 1.0
    return O


def _sum_of(tokens, vocab, E):
    return E[:, [vocab.get(t, 0) for t in tokens]].sum(axis=1, keepdims=True)


MISTAKES = [
    Mistake("tokenize", "It matches the tokens without lower-casing: call text.lower() first, so that \"Good\" "
            "and \"good\" are one word.", lambda text: re.findall(r"[A-Za-z0-9]+", text)),
    Mistake("tokenize", "It matches text.lower().split(): splitting on spaces keeps the punctuation "
            "(\"food,\" is not \"food\"). Keep only the runs of a-z and 0-9: re.findall(r\"[a-z0-9]+\", ...).",
            lambda text: text.lower().split()),
    Mistake("tokenize", "It matches re.findall(r\"\\w+\", ...): \\w also matches the underscore, which must "
            "separate words here. Use [a-z0-9]+.", lambda text: re.findall(r"\w+", text.lower())),
    Mistake("tokenize", "It matches re.split on the separators, which leaves empty strings where the text starts "
            "or ends with a separator: drop the empty tokens (or use re.findall).",
            lambda text: re.split(r"[^a-z0-9]+", text.lower())),
    Mistake("build_vocabulary", "It matches a vocabulary without \"<unk>\": index 0 is reserved for it, and the "
            "words are numbered from 1.", lambda texts, min_count=1: _vocabulary(texts, min_count, unk=False)),
    Mistake("build_vocabulary", "It matches the words in the order they are first seen: number them in "
            "alphabetical order (sorted(...)), so the vocabulary does not depend on the order of the texts.",
            lambda texts, min_count=1: _vocabulary(texts, min_count, order="first")),
    Mistake("build_vocabulary", "It matches a vocabulary that ignores min_count: keep only the words that occur "
            "at least min_count times.", lambda texts, min_count=1: _vocabulary(texts, 1)),
    Mistake("build_vocabulary", "It matches counting the texts a word appears in: min_count counts every "
            "occurrence (\"very very good\" counts \"very\" twice).",
            lambda texts, min_count=1: _vocabulary(texts, min_count, count="documents")),
    Mistake("build_vocabulary", "It matches keeping the words counted more than min_count times: \"at least\" "
            "means count >= min_count.", lambda texts, min_count=1: _vocabulary(texts, min_count, strict=True)),
    Mistake("bag_of_words", "It matches 1 for a word that is present, whatever its count: add 1 for every "
            "occurrence (X[i, j] += 1).", lambda texts, vocab: _bag(texts, vocab, binary=True)),
    Mistake("bag_of_words", "It matches dropping the unknown words: count them in row 0, \"<unk>\" "
            "(vocab.get(token, 0)).", lambda texts, vocab: _bag(texts, vocab, drop_unknown=True)),
    Mistake("one_hot", "It matches each 1 one row too high, in row indices[j] - 1: index i goes in row i "
            "(rows count from 0, and row 0 is \"<unk>\").", lambda indices, vocab_size: _shifted(indices, vocab_size, -1)),
    Mistake("one_hot", "It matches each 1 one row too low, in row indices[j] + 1: index i goes in row i "
            "(rows count from 0).", lambda indices, vocab_size: _shifted(indices, vocab_size, +1)),
    Mistake("sentence_vector", "It matches the sum of the embeddings: divide by the number of tokens to get "
            "their average (np.mean(..., axis=1, keepdims=True)).", _sum_of),
    Mistake("sentence_vector", "It matches the average over the known words only: unknown words count too, "
            "as \"<unk>\" (index 0, vocab.get(token, 0)).",
            lambda tokens, vocab, E: _mean_of(tokens, vocab, E, known_only=True)),
    Mistake("sentence_vector", "It matches counting each word once: a word that occurs twice counts twice "
            "in the average.", lambda tokens, vocab, E: _mean_of(tokens, vocab, E, unique=True)),
]
