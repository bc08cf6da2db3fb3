"""Conversation facts the policy needs, from plain user turns."""
from bot.complaints.conversation import conversation_flags, fallbacks_in_a_row, handoff_reason


def test_fallbacks_are_counted_only_in_a_row():
    assert fallbacks_in_a_row(["greet", "nlu_fallback", "nlu_fallback"]) == 2
    assert fallbacks_in_a_row(["nlu_fallback", "greet", "nlu_fallback"]) == 1
    assert fallbacks_in_a_row(["nlu_fallback", "greet"]) == 0
    assert fallbacks_in_a_row([]) == 0


def test_flags_from_turns(policy):
    turns = [("complain_delivery", "my parcel is lost"), ("dispute", "I'll take you to court")]
    flags = conversation_flags(turns, 1, policy.legal_terms)
    assert (flags.disputed, flags.legal_threat, flags.insults, flags.human_requested) == (True, True, 1, False)
    assert not conversation_flags([("greet", "hola")], 0, policy.legal_terms).legal_threat


def test_handoff_reasons_name_the_cause():
    assert handoff_reason("request_human").rule == "customer_asked_for_a_person"
    assert handoff_reason("nlu_fallback").rule == "repeated_misunderstanding"
    assert handoff_reason("something_else").rule == "handed_off"
