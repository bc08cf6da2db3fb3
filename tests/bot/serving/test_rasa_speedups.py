import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from bot.serving import rasa_speedups


@pytest.fixture
def action():
    rasa_speedups.install()
    return RemoteAction("action_acknowledge_complaint", None)


def test_valid_answers_pass_and_the_schema_is_checked_once(action, monkeypatch):
    checks = []
    monkeypatch.setattr(jsonschema.validators.Draft202012Validator, "check_schema",
                        classmethod(lambda cls, schema: checks.append(schema)))
    rasa_speedups.action_response_validator.cache_clear()
    answer = {"events": [{"event": "slot", "name": "order_id", "value": "ORD-10001"}],
              "responses": [{"text": "Thank you", "buttons": []}]}
    assert all(action._validate_action_result(answer) for _ in range(3))
    assert len(checks) == 1


def test_an_answer_of_the_wrong_form_is_still_refused(action):
    with pytest.raises(jsonschema.ValidationError, match="action_acknowledge_complaint"):
        action._validate_action_result({"events": [{"name": "order_id"}]})
    with pytest.raises(jsonschema.ValidationError):
        action._validate_action_result({"events": "not a list"})
