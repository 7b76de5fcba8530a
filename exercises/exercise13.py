"""Exercise 13 (session 6): from text to vectors.

A network reads numbers, not words. Before deep learning can do anything with language, each
piece of text has to become a vector, and this exercise builds the classic pipeline:

1. tokenize: cut a text into words ("tokens"): "Great food!" -> ["great", "food"].
2. build_vocabulary: give every word of the training texts an index. Index 0 is reserved for
   "<unk>", the unknown word: any word the vocabulary has never seen maps there, so new text
   never crashes the network.
3. bag_of_words: turn each text into a column of counts, one row per vocabulary word. The order
   of the words is lost (hence "bag"), but which words appear, and how often, is kept. As in the
   rest of the course the examples are columns: m texts give an array of shape (len(vocab), m).
4. one_hot: a word as a vector: all zeros but a 1 at its index. A bag of words is the sum of the
   one-hot columns of its words.
5. sentence_vector: with word *embeddings* instead: a matrix E of shape (d, len(vocab)) whose
   column i is a short dense vector for word i (learnt so that similar words get similar
   columns). A simple but strong sentence vector is the average of its words' columns.
6. A sentiment classifier: logistic regression (one sigmoid neuron, session 2) on bag-of-words
   columns, trained on short reviews (data/sentiment_train.tsv) to tell positive from negative.

Run `python exercises/exercise13.py` to train the classifier and see its accuracy on the
validation sentences. Run `grade exercise13` to check your work.
"""

import re
from pathlib import Path

import numpy as np

UNK = "<unk>"


def tokenize(text):
    """Cut a text into lower-case words.

    A token is a run of letters a-z and digits 0-9 after lower-casing; everything else (spaces,
    punctuation, apostrophes, hyphens, underscores) separates tokens and is dropped, and so are empty tokens.

    Arguments:
    text -- a str

    Returns:
    tokens -- list of str, in the order they appear in the text

    Example:
    >>> tokenize("Great food, friendly staff -- I'll be back!")
    ['great', 'food', 'friendly', 'staff', 'i', 'll', 'be', 'back']
    """
    # TODO: lower-case the text, then keep the runs of a-z and 0-9 (re.findall is one way).
    raise NotImplementedError


def build_vocabulary(texts, min_count=1):
    """Give an index to every word that appears at least min_count times in the texts.

    Arguments:
    texts     -- list of str (the training texts)
    min_count -- a word is kept only if it occurs at least this many times in all the texts together

    Returns:
    vocab -- dict word -> index: "<unk>" -> 0, then the kept words in alphabetical order -> 1, 2, 3, ...

    Example:
    >>> build_vocabulary(["the cat sat", "The dog sat down"], min_count=2)
    {'<unk>': 0, 'sat': 1, 'the': 2}
    """
    # TODO: count every token of every text (use tokenize), keep the words counted at least
    # min_count times, sort them, and number them from 1: index 0 belongs to UNK.
    raise NotImplementedError


def bag_of_words(texts, vocab):
    """Count the words of each text: one column per text, one row per vocabulary word.

    Arguments:
    texts -- list of m str
    vocab -- dict word -> index, as build_vocabulary returns it

    Returns:
    X -- float array of shape (len(vocab), m): X[i, j] is how many times word i occurs in texts[j];
         words that are not in vocab are counted in row 0, "<unk>"

    Example:
    >>> bag_of_words(["the cat sat", "a dog, a dog"], {"<unk>": 0, "cat": 1, "dog": 2, "sat": 3})
    array([[1., 2.],
           [1., 0.],
           [0., 2.],
           [1., 0.]])
    """
    # TODO: X = zeros of shape (len(vocab), m); for each text j and each of its tokens,
    # add 1 to X[vocab.get(token, 0), j].
    raise NotImplementedError


def one_hot(indices, vocab_size):
    """One-hot columns for a list of word indices.

    Arguments:
    indices    -- list (or 1-D array) of n integers, each in 0..vocab_size - 1
    vocab_size -- the number of words in the vocabulary

    Returns:
    O -- float array of shape (vocab_size, n): column j is all zeros except O[indices[j], j] = 1

    Example:
    >>> one_hot([2, 0], 3)
    array([[0., 1.],
           [0., 0.],
           [1., 0.]])
    """
    # TODO: zeros of shape (vocab_size, n), then a 1 in row indices[j] of each column j.
    raise NotImplementedError


def sentence_vector(tokens, vocab, E):
    """The average of the embeddings of a sentence's words.

    Arguments:
    tokens -- list of str (already tokenized); words not in vocab count as "<unk>"
    vocab  -- dict word -> index
    E      -- embedding matrix of shape (d, len(vocab)): column i is the vector of word i

    Returns:
    v -- float array of shape (d, 1): the mean of the columns E[:, index] of the tokens (a word that
         occurs twice counts twice); a column of zeros if there are no tokens

    Example:
    >>> E = np.array([[1.0, 2.0, 0.0], [0.0, 4.0, 2.0]])
    >>> sentence_vector(["good", "food", "yum"], {"<unk>": 0, "food": 1, "good": 2}, E)
    array([[1.],
           [2.]])
    """
    # TODO: the index of each token (vocab.get(token, 0)), the columns E[:, indices], their mean
    # over the tokens (axis=1) kept as a column of shape (d, 1). No tokens: np.zeros((d, 1)).
    raise NotImplementedError


def train_text_classifier(texts, labels, seed=0):
    """Train a sentiment classifier: logistic regression on bag-of-words columns.

    Arguments:
    texts  -- list of m str, the training texts
    labels -- numpy array of shape (1, m): 1 for positive, 0 for negative
    seed   -- seed for the initial weights

    Returns:
    vocab      -- the vocabulary the classifier reads (built from the training texts)
    parameters -- dict {"W1": array (1, len(vocab)), "b1": array (1, 1)}

    On sentences it has not seen it must be right at least 80% of the time.
    """
    # TODO: build the vocabulary of the training texts, turn the texts into bag-of-words columns,
    # then fit_logistic_regression on them. Return vocab, parameters.
    raise NotImplementedError


def predict_text(texts, vocab, parameters):
    """The sentiment of each text: 1 (positive) if the classifier's probability is above 0.5, else 0.

    Arguments:
    texts      -- list of m str
    vocab      -- dict word -> index, as train_text_classifier returns it
    parameters -- dict {"W1": (1, len(vocab)), "b1": (1, 1)}

    Returns:
    predictions -- integer array of shape (1, m), values 0 or 1
    """
    # TODO: bag_of_words of the texts, then sigmoid(W1 @ X + b1) > 0.5, as integers.
    raise NotImplementedError


# --- helpers, already written ----------------------------------------------------------------------


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def fit_logistic_regression(X, Y, learning_rate=0.5, iterations=500, seed=0):
    """Logistic regression by gradient descent on the cross-entropy: one sigmoid neuron.

    Arguments:
    X -- features, array of shape (n, m); Y -- labels 0/1 of shape (1, m)

    Returns:
    parameters -- dict {"W1": (1, n), "b1": (1, 1)}
    """
    rng = np.random.default_rng(seed)
    W, b = rng.standard_normal((1, X.shape[0])) * 0.01, np.zeros((1, 1))
    m = X.shape[1]
    for _ in range(iterations):
        A = sigmoid(W @ X + b)
        dZ = A - Y
        W = W - learning_rate * (dZ @ X.T) / m
        b = b - learning_rate * dZ.sum(axis=1, keepdims=True) / m
    return {"W1": W, "b1": b}


def load_sentences(path):
    """Read a data/sentiment_*.tsv file: returns (texts, labels of shape (1, m))."""
    texts, labels = [], []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            label, text = line.split("\t")
            texts.append(text)
            labels.append(int(label))
    return texts, np.array([labels])


if __name__ == "__main__":
    data = Path(__file__).resolve().parent.parent / "data"
    train_texts, train_labels = load_sentences(data / "sentiment_train.tsv")
    valid_texts, valid_labels = load_sentences(data / "sentiment_validation.tsv")
    vocab, parameters = train_text_classifier(train_texts, train_labels, seed=0)
    print(f"vocabulary: {len(vocab)} words, from {len(train_texts)} training sentences")
    for name, texts, labels in (("training", train_texts, train_labels), ("validation", valid_texts, valid_labels)):
        accuracy = np.mean(predict_text(texts, vocab, parameters) == labels)
        print(f"{name} accuracy: {accuracy:.0%}")
    for text in ("The food was delicious and the staff were lovely.", "A boring, dirty and expensive hotel."):
        print(f"{predict_text([text], vocab, parameters)[0, 0]}  {text}")
