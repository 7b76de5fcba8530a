"""A safe evaluator for the arithmetic formulas of parameterised quiz questions.

A formula such as ``3 * n ** 2`` or ``-(log(p) + log(1 - q)) / 2`` is parsed with the
`ast` module and walked node by node. Only numbers, the question's parameter names, the
operators + - * / // % **, unary minus/plus, parentheses and calls to a short whitelist
of math functions are allowed: no attribute access, no subscripts, no other calls, and
nothing is ever handed to `eval`. Exponents and results are bounded, so a formula
cannot make the grader spend minutes or gigabytes on one number.
"""

from __future__ import annotations

import ast
import math
import operator
from dataclasses import dataclass

MAX_LENGTH = 500
MAX_EXPONENT = 1000
MAX_RESULT_BITS = 4096  # integers beyond about 10**1233 are refused

CONSTANTS = {"pi": math.pi, "e": math.e}


def _log(x, base=None):
    return math.log(x) if base is None else math.log(x, base)


FUNCTIONS = {
    "log": _log,  # natural log, or log(x, base)
    "log2": math.log2,
    "log10": math.log10,
    "exp": math.exp,
    "sqrt": math.sqrt,
    "floor": math.floor,
    "ceil": math.ceil,
    "min": min,
    "max": max,
    "abs": abs,
    "round": round,
}

_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos}


class FormulaError(ValueError):
    """A formula that is not allowed, or that cannot be evaluated for the given values."""


@dataclass(frozen=True)
class Formula:
    text: str
    tree: ast.Expression
    names: frozenset[str]  # the parameter names it reads (not functions, not constants)

    def evaluate(self, values: dict[str, float]) -> float | int:
        missing = sorted(self.names - set(values))
        if missing:
            raise FormulaError(f"no value for {', '.join(missing)}")
        try:
            result = _Evaluator(values).visit(self.tree.body)
        except (ZeroDivisionError, OverflowError, ValueError, TypeError) as exc:
            raise FormulaError(f"cannot evaluate `{self.text}` for {_show(values)}: {exc}") from None
        if isinstance(result, float) and not math.isfinite(result):
            raise FormulaError(f"`{self.text}` is not a finite number for {_show(values)}")
        return result


def parse_formula(text: str) -> Formula:
    """Parse and check `text`; raise FormulaError saying what is not allowed."""
    if not isinstance(text, str) or not text.strip():
        raise FormulaError("a formula must be a non-empty string")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"a formula must be at most {MAX_LENGTH} characters")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"`{text}` is not a valid formula ({exc.msg})") from None
    names: set[str] = set()
    _check(tree.body, names)
    return Formula(text=text.strip(), tree=tree, names=frozenset(names))


def evaluate(text: str, values: dict[str, float]) -> float | int:
    return parse_formula(text).evaluate(values)


def _check(node: ast.AST, names: set[str]) -> None:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise FormulaError(f"only numbers are allowed as constants, not {node.value!r}")
    elif isinstance(node, ast.Name):
        if node.id in FUNCTIONS:
            raise FormulaError(f"`{node.id}` is a function: call it, as in {node.id}(x)")
        if node.id not in CONSTANTS:
            names.add(node.id)
    elif isinstance(node, ast.BinOp):
        if type(node.op) not in _BINARY:
            raise FormulaError(f"operator {type(node.op).__name__} is not allowed (use + - * / // % **)")
        _check(node.left, names)
        _check(node.right, names)
    elif isinstance(node, ast.UnaryOp):
        if type(node.op) not in _UNARY:
            raise FormulaError(f"operator {type(node.op).__name__} is not allowed")
        _check(node.operand, names)
    elif isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            allowed = ", ".join(sorted(FUNCTIONS))
            raise FormulaError(f"only these functions may be called: {allowed}")
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args) or not node.args:
            raise FormulaError(f"call {node.func.id}() with plain positional arguments")
        for arg in node.args:
            _check(arg, names)
    else:
        raise FormulaError(f"{type(node).__name__} is not allowed in a formula (numbers, names, arithmetic, math functions only)")


class _Evaluator:
    def __init__(self, values):
        self.values = values

    def visit(self, node):
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            return CONSTANTS[node.id] if node.id in CONSTANTS else self.values[node.id]
        if isinstance(node, ast.UnaryOp):
            return _UNARY[type(node.op)](self.visit(node.operand))
        if isinstance(node, ast.Call):
            return _bounded(FUNCTIONS[node.func.id](*(self.visit(a) for a in node.args)))
        left, right = self.visit(node.left), self.visit(node.right)
        if isinstance(node.op, ast.Pow):
            _check_power(left, right)
        return _bounded(_BINARY[type(node.op)](left, right))


def _check_power(base, exponent) -> None:
    if abs(exponent) > MAX_EXPONENT:
        raise OverflowError(f"exponent {exponent} is larger than {MAX_EXPONENT}")
    if isinstance(base, int) and isinstance(exponent, int) and abs(base) > 1:
        if exponent * math.log2(abs(base)) > MAX_RESULT_BITS:
            raise OverflowError(f"{base} ** {exponent} is too large")


def _bounded(value):
    if isinstance(value, complex):
        raise ValueError("the result is a complex number")
    if isinstance(value, int) and value.bit_length() > MAX_RESULT_BITS:
        raise OverflowError("the result is too large")
    return value


def _show(values: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted(values.items())) or "no values"
