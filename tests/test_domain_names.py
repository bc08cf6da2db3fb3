"""Every slot, intent, response, action and form that `actions/` and `bot/` name in a string is declared
by the domain (domain.yml, with what the category registry adds at training), and every declared slot
is used by some code: a misspelt name fails here, not in front of a customer.

Names are read from the source with `ast`, by where they stand: `SlotSet("x", …)`, `get_slot("x")`,
`validate_x` methods, the keys of a form validator's or an identity step's slots, tuples named
`*_SLOTS`; `response="x"` and any `"utter_…"`; `FollowupAction("x")`, `ActiveLoop("x")` and an
action's `name()`; a string compared with an intent, or assigned to (or keyed in) a name with INTENT in it.
"""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path
from typing import Iterator

import yaml

from bot.complaints.category_training import category_domain

PROJECT_ROOT = Path(__file__).resolve().parents[1]
# What Rasa itself declares: its default actions and the intents its rules and stories may use.
RASA_ACTIONS = {"action_listen", "action_restart", "action_session_start", "action_default_fallback",
                "action_deactivate_loop", "action_revert_fallback_events", "action_default_ask_affirmation",
                "action_default_ask_rephrase", "action_two_stage_fallback", "action_back", "action_extract_slots"}
RASA_INTENTS = {"nlu_fallback", "session_start", "restart", "back", "out_of_scope"}
RASA_SLOTS = {"requested_slot", "session_started_metadata"}


def declared() -> dict[str, set[str]]:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    derived = category_domain()
    names: dict[str, set[str]] = defaultdict(set)
    for part in (domain, derived):
        names["slot"] |= set(part.get("slots") or {})
        names["intent"] |= {i if isinstance(i, str) else next(iter(i)) for i in part.get("intents") or []}
        names["response"] |= set(part.get("responses") or {})
        names["form"] |= set(part.get("forms") or {})
        names["action"] |= set(part.get("actions") or [])
    names["action"] |= RASA_ACTIONS | names["form"] | names["response"]
    names["intent"] |= RASA_INTENTS
    names["slot"] |= RASA_SLOTS
    return names


def _strings(node: ast.AST) -> Iterator[str]:
    """A string constant, or each one of a tuple, list or set of them."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        for element in node.elts:
            yield from _strings(element)


def _called(node: ast.Call) -> str:
    return node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")


def _mentions_intent(node: ast.AST) -> bool:
    return any((isinstance(n, ast.Name) and "intent" in n.id.lower())
               or (isinstance(n, ast.Attribute) and "intent" in n.attr.lower()) for n in ast.walk(node))


def _dict_keys(node: ast.AST) -> Iterator[str]:
    for inner in ast.walk(node):
        if isinstance(inner, ast.Dict):
            for key in inner.keys:
                if key is not None:
                    yield from _strings(key)


def used_names(path: Path) -> Iterator[tuple[str, str, int]]:
    """(kind, name, line) for each name of the domain that the module's source uses."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            called, first = _called(node), node.args[0] if node.args else None
            if called in ("SlotSet", "get_slot") and first is not None:
                yield from (("slot", name, node.lineno) for name in _strings(first))
            if called == "Step" and first is not None:
                yield from (("slot", name, node.lineno) for name in _dict_keys(first))
            if called in ("FollowupAction", "ActiveLoop") and first is not None:
                yield from (("action", name, node.lineno) for name in _strings(first))
            for keyword in node.keywords:
                if keyword.arg == "response":
                    yield from (("response", name, node.lineno) for name in _strings(keyword.value))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("utter_") \
                and node.value.isidentifier():
            yield "response", node.value, node.lineno
        elif isinstance(node, ast.Compare) and any(_mentions_intent(side) for side in (node.left, *node.comparators)):
            for side in (node.left, *node.comparators):
                yield from (("intent", name, node.lineno) for name in _strings(side))
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in (t.id for t in targets if isinstance(t, ast.Name)):
                if target.endswith("_SLOTS"):
                    yield from (("slot", name, node.lineno) for name in _strings(node.value))
                if "INTENT" in target:
                    names = _dict_keys(node.value) if isinstance(node.value, ast.Dict) else _strings(node.value)
                    yield from (("intent", name, node.lineno) for name in names if not name.endswith("_"))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.name.startswith("validate_") and node.name != "validate_" and path.parts[-2] == "actions":
                yield "slot", node.name[len("validate_"):], node.lineno
                yield from (("slot", name, node.lineno) for name in _dict_keys(node))
            if node.name == "name" and path.parts[-2] == "actions":
                returned = [n.value for n in ast.walk(node) if isinstance(n, ast.Return) and n.value is not None]
                yield from (("action", name, node.lineno) for value in returned for name in _strings(value))


def _sources() -> list[Path]:
    return sorted(p for p in [*PROJECT_ROOT.glob("actions/*.py"), *PROJECT_ROOT.glob("bot/**/*.py")]
                  if "migrations" not in p.parts)


def test_every_name_the_code_uses_is_declared():
    names = declared()
    undeclared = sorted(f"{path.relative_to(PROJECT_ROOT)}:{line}: {kind} {name}"
                        for path in _sources() for kind, name, line in used_names(path)
                        if name not in names[kind])
    assert undeclared == [], "not declared in domain.yml (nor by the category registry):\n" + "\n".join(undeclared)


def test_every_declared_slot_is_used_by_some_code():
    used = {name for path in _sources() for kind, name, _ in used_names(path) if kind == "slot"}
    unused = sorted(declared()["slot"] - RASA_SLOTS - used)
    assert unused == [], f"slots nothing sets or reads: {unused}"


def test_the_reader_finds_each_kind_of_name(tmp_path):
    module = tmp_path / "actions" / "example.py"
    module.parent.mkdir()
    module.write_text('''
from rasa_sdk.events import SlotSet, FollowupAction
WATCHED_SLOTS = ("order_idd",)
REASON_BY_INTENT = {"complain_nothing": "x"}
QUIET_INTENT: str = "shh"
INTENT_PREFIX = "complain_"
class ValidateX:
    def name(self):
        return "validate_x_form"
    def validate_colour(self, value, dispatcher, tracker, domain):
        return {"shade": value}
def act(tracker, dispatcher):
    if intent_of(tracker) == "greett":
        dispatcher.utter_message(response="utter_hi")
    return [SlotSet("langauge", "en"), FollowupAction("action_nowhere"), tracker.get_slot("x")]
''', encoding="utf-8")
    found = {(kind, name) for kind, name, _ in used_names(module)}
    assert found == {("slot", "order_idd"), ("intent", "complain_nothing"), ("intent", "shh"),
                     ("action", "validate_x_form"), ("slot", "colour"), ("slot", "shade"), ("intent", "greett"),
                     ("response", "utter_hi"),
                     ("slot", "langauge"), ("action", "action_nowhere"), ("slot", "x")}
