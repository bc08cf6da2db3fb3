"""The complaint itself: its categories, the form's checks, the assessment, the decision under the
policy, the sentences that tell the facts, and the case records. Nothing here talks to Rasa."""
