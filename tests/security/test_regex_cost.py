"""Every regular expression the product runs costs time linear in its input: adversarial texts of
200 KB, on one line and on many, go through each pattern in well under a second (the quadratic and
cubic patterns this replaced took minutes or hours). A guard against catastrophic backtracking, not
a speed target (those live in benchmarks/).

The patterns are found by reading the source, so a new one cannot be forgotten: every `re.*` call in
`bot/` and `actions/` whose pattern can be evaluated in its module (a literal, or built from the
module's constants), every compiled pattern a module keeps, the regexes of data/nlu/entities.yml,
and the few built at run time, each named in BUILT_AT_RUN_TIME with the patterns it builds."""
from __future__ import annotations

import ast
import importlib
import re
import time
from typing import Callable, Iterable, Iterator

import pytest
import yaml

from bot.complaints import form_validation, legal_terms
from bot.complaints.policy import load_policy
from bot.settings import PROJECT_ROOT

SIZE = 200_000
ADVERSARIAL = {
    "letters": "a" * SIZE,
    "one @ in the middle": "a" * (SIZE // 2) + "@" + "b" * (SIZE // 2),
    "dotted": "a." * (SIZE // 2),
    "digits": "1" * SIZE,
    "spaced digits": "1 " * (SIZE // 2),
    "spaces": " " * SIZE,
    "many @": "a@" * (SIZE // 2),
    "digits and commas": "1,5" * (SIZE // 3),
    "greetings": "hi, " * (SIZE // 4),
    "speaking words": "hablar " * (SIZE // 7) + "en español",
    "case words": "case c- " * (SIZE // 8),
    "newlines": "\n" * SIZE,
    "space newlines": " \n" * (SIZE // 2),
    "crlf": "\r\n" * (SIZE // 2),
    "tabs": "\t" * SIZE,
    "quoted lines": "> a\n" * (SIZE // 4),
}
LIMIT_SECONDS = 2.0
_RE_CALLS = {"compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split"}


def _built_legal_terms() -> list[re.Pattern]:
    terms = {legal_terms._fold(t) for words in load_policy().legal_terms.values() for t in words}
    return [re.compile(r"\b(" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) + r")\b")]


# "path:function" of each `re.*` call whose pattern exists only at run time -> the patterns it runs.
BUILT_AT_RUN_TIME: dict[str, Callable[[], Iterable]] = {
    "bot/complaints/form_validation.py:parse_remedy": lambda: form_validation._REMEDY_WORDS.values(),
    "bot/complaints/legal_terms.py:mentions_legal_threat": _built_legal_terms,
    "bot/language.py:<module>": lambda: [],  # each kept in the module's _REQUESTS, found there
}


def _modules() -> Iterator[tuple[str, ast.Module, dict]]:
    for path in sorted([*PROJECT_ROOT.glob("bot/**/*.py"), *PROJECT_ROOT.glob("actions/**/*.py")]):
        relative = path.relative_to(PROJECT_ROOT)
        if "migrations" in relative.parts or relative.name == "__main__.py":
            continue
        module = importlib.import_module(".".join(relative.with_suffix("").parts).removesuffix(".__init__"))
        yield str(relative), ast.parse(path.read_text(encoding="utf-8")), vars(module)


def _calls(tree: ast.Module) -> Iterator[tuple[str, ast.Call]]:
    """Each `re.*` call with the name of the function it is in."""
    def walk(node: ast.AST, where: str) -> Iterator[tuple[str, ast.Call]]:
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else where
            if (isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute)
                    and isinstance(child.func.value, ast.Name) and child.func.value.id == "re"
                    and child.func.attr in _RE_CALLS and child.args):
                yield where, child
            yield from walk(child, inner)
    yield from walk(tree, "<module>")


def _flags(call: ast.Call) -> ast.expr | None:
    keyword = next((k.value for k in call.keywords if k.arg == "flags"), None)
    position = {"compile": 1, "split": 3, "sub": 4, "subn": 4}.get(call.func.attr, 2)  # type: ignore[attr-defined]
    return keyword or (call.args[position] if len(call.args) > position else None)


def _kept(value: object) -> Iterator[re.Pattern]:
    if isinstance(value, re.Pattern):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _kept(item)
    elif isinstance(value, (list, tuple, frozenset, set)):
        for item in value:
            yield from _kept(item)


def source_patterns() -> tuple[dict[str, re.Pattern], set[str]]:
    """The product's patterns by where they are, and the run-time-built call sites not yet named."""
    found: dict[str, re.Pattern] = {}
    unnamed: set[str] = set()
    for path, tree, namespace in _modules():
        for where, call in _calls(tree):
            try:
                pattern = eval(compile(ast.Expression(call.args[0]), path, "eval"), dict(namespace))  # noqa: S307
                flags = _flags(call)
                flags = eval(compile(ast.Expression(flags), path, "eval"), dict(namespace)) if flags else 0  # noqa: S307
            except NameError:
                unnamed.add(f"{path}:{where}")
                continue
            found[f"{path}:{call.lineno}"] = pattern if isinstance(pattern, re.Pattern) else re.compile(pattern, flags)
        for name, value in namespace.items():
            if getattr(value, "__module__", None) in (None, namespace["__name__"]) or not callable(value):
                for number, pattern in enumerate(_kept(value)):
                    found.setdefault(f"{path}:{name}[{number}]", pattern)
    for site, built in BUILT_AT_RUN_TIME.items():
        for number, pattern in enumerate(built()):
            found[f"{site}[{number}]"] = re.compile(pattern) if isinstance(pattern, str) else pattern
    distinct = {(p.pattern, p.flags): where for where, p in reversed(found.items())}  # each once, first place
    return {where: found[where] for where in distinct.values()}, unnamed - set(BUILT_AT_RUN_TIME)


def _entity_patterns() -> dict[str, re.Pattern]:
    data = yaml.safe_load((PROJECT_ROOT / "data/nlu/entities.yml").read_text())
    return {f"entities.yml {line[2:32]}": re.compile(line[2:]) for item in data["nlu"] if "regex" in item
            for line in item["examples"].splitlines() if line.startswith("- ")}


PATTERNS, UNNAMED = source_patterns()
PATTERNS.update(_entity_patterns())


def test_every_pattern_is_found():
    """A call whose pattern is built at run time must be named in BUILT_AT_RUN_TIME with its patterns."""
    assert not UNNAMED, f"name these in BUILT_AT_RUN_TIME: {sorted(UNNAMED)}"
    wheres = " ".join(PATTERNS)
    for known in ("bot/mail/inbound.py", "bot/complaints/two_problems.py", "bot/orders/lookup.py",
                  "bot/privacy/pii.py", "bot/language.py", "entities.yml"):
        assert known in wheres, known


@pytest.mark.parametrize("where", sorted(PATTERNS))
def test_pattern_cost_is_linear(where):
    pattern = PATTERNS[where]
    for kind, text in ADVERSARIAL.items():
        subject = text.encode() if isinstance(pattern.pattern, bytes) else text
        started = time.perf_counter()
        for _ in pattern.finditer(subject):
            pass
        assert time.perf_counter() - started < LIMIT_SECONDS, kind
