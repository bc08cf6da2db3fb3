"""A measured fix to Rasa 3.6's custom-action round trip, installed with the project's other Rasa patches
(bot.serving.tracker_store.install_rasa_patches).

Rasa checks every action server response with `jsonschema.validate(response, schema)`, which
first re-checks its constant schema against the JSON Schema meta-schema and builds a new
validator each time: 34 ms a call on this machine, about 40% of the Rasa server's busy time
with 10 concurrent customers (profiled with py-spy; docs/benchmarks-reading.md). Here the same schema is
checked once and one validator is reused (2.3 ms a call). Responses are held to the same schema
and an invalid one still raises jsonschema's `ValidationError`.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Text

from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction


@lru_cache(maxsize=1)
def action_response_validator() -> Any:
    """A validator for Rasa's action server response schema, its schema checked once."""
    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_action_result(action: RemoteAction, result: Dict[Text, Any]) -> bool:
    """Rasa's `RemoteAction._validate_action_result`, with the validator reused."""
    try:
        action_response_validator().validate(result)
    except ValidationError as error:
        error.message += (f". The action server's answer to '{action.name()}' does not have the form Rasa "
                          "expects; see https://rasa.com/docs/rasa/custom-actions")
        raise
    return True


def install() -> None:
    RemoteAction._validate_action_result = validate_action_result
