"""Presidio and scrubadub on the same personal-data set as `bot/privacy/pii.py`, to choose between them.

Not part of the project's environment (Presidio 2.2.355 and scrubadub pull spaCy 3.8, which Rasa
3.6 cannot share): run it in a scratch virtualenv,

    python3.10 -m venv /tmp/piivenv && /tmp/piivenv/bin/pip install presidio-analyzer==2.2.355 scrubadub
    PYTHONPATH=. /tmp/piivenv/bin/python -m benchmarks.pii_libraries

No model is downloaded: Presidio runs on blank spaCy pipelines, so its pattern recognisers (cards,
IBANs, emails, phones, Spanish NIF/NIE) work and its name and place recognition does not.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from benchmarks.pii_scoring import score, summary
from bot.privacy.pii import find_personal_data

# What each library calls the kinds of data the set labels; names, places and dates are not labelled.
PRESIDIO_ENTITIES = ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "ES_NIF", "ES_NIE"]


def presidio_finder():
    import spacy
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    folder = Path(tempfile.mkdtemp())
    models = []
    for language in ("en", "es"):
        spacy.blank(language).to_disk(folder / language)
        models.append({"lang_code": language, "model_name": str(folder / language)})
    engine = NlpEngineProvider(nlp_configuration={"nlp_engine_name": "spacy", "models": models}).create_engine()
    analyzer = AnalyzerEngine(nlp_engine=engine, supported_languages=["en", "es"])

    def find(text: str, language: str):
        return [(r.start, r.end) for r in analyzer.analyze(text, language=language, entities=PRESIDIO_ENTITIES)
                if r.score >= 0.4]
    return find


def scrubadub_finder():
    import scrubadub

    scrubber = scrubadub.Scrubber()

    def find(text: str, language: str):
        return [(f.beg, f.end) for f in scrubber.iter_filth(text) if f.type in ("email", "phone", "credit_card")]
    return find


def main() -> None:
    print(summary("bot.privacy.pii", score(lambda text, _: ((s.start, s.end) for s in find_personal_data(text)))))
    print(summary("presidio", score(presidio_finder())))
    print(summary("scrubadub", score(scrubadub_finder())))


if __name__ == "__main__":
    main()
