from collections import Counter

from benchmarks.cross_validation import example_languages, per_language
from benchmarks.processes import run_measured
from benchmarks.report import render
from bot.settings import PROJECT_ROOT


def test_every_training_example_has_its_language():
    languages = example_languages()
    assert Counter(languages.values())["en"] > 500 and Counter(languages.values())["es"] > 500
    assert languages["I have a complaint"] == "en"


def test_cross_validation_split_by_language():
    predictions = [{"text": "a", "intent": "greet", "intent_prediction": {"name": "greet"}},
                   {"text": "b", "intent": "greet", "intent_prediction": {"name": "thank"}},
                   {"text": "c", "intent": "thank", "intent_prediction": {"name": "thank"}}]
    result = per_language(predictions, {"a": "en", "b": "en", "c": "es"})
    assert result["en"]["accuracy"] == 0.5 and result["es"] == {"examples": 1, "accuracy": 1.0, "macro_f1": 1.0}


def test_run_measured_reports_time_and_memory(tmp_path):
    seconds, peak = run_measured(["python3", "-c", "x = bytearray(80_000_000); import time; time.sleep(1)"],
                                 cwd=PROJECT_ROOT)
    assert seconds >= 1 and peak > 70


def test_the_report_has_every_section():
    language = {"rows": 10, "accuracy": 0.9, "macro_f1": 0.8, "by_source": {"s": 0.9}, "greetings": 0.75,
                "confusions": [("a -> b", 2)]}
    detection = {"rows": 10, "short_rows": 2, "accuracy": 1.0, "wrong_switch": 0.0, "short_wrong_switch": 0.0,
                 "undecided": 0.1}
    cv_language = {"examples": 5, "accuracy": 0.7, "macro_f1": 0.6}
    text = render({"date": "2026-11-22", "minutes": 9.5, "machine": "test machine",
                   "cv": {"folds": 5, "accuracy": 0.7, "macro_f1": 0.6, "seconds": 200, "peak_mb": 900,
                          "by_language": {"en": cv_language, "es": cv_language}},
                   "external": {"en": language, "es": {**language, "accuracy": 0.85}},
                   "external_without_accents": {"en": language, "es": {**language, "accuracy": 0.83}},
                   "openers": {"en": {**language, "greetings": 1.0},
                               "es": {**language, "accuracy": 0.93, "greetings": 0.9}},
                   "post_decision": {"en": {**language, "accuracy": 0.95}, "es": language},
                   "language": {"en": detection, "es": detection},
                   "dialogue": {"stories": 10, "stories_right": 10, "action_accuracy": 1.0, "actions": 96},
                   "training": {"seconds": 51, "peak_mb": 1190, "model_mb": 3.3},
                   "pii": {"detection": {lang: {"precision": 0.92, "correct": 12, "found": 13, "recall": 1.0,
                                                "recalled": 12, "gold": 12, "missed": [], "false": ["8412"]}
                                         for lang in ("en", "es")},
                           "cost": {"messages": 1393, "mean_us": 13.1, "p99_us": 30.1, "max_us": 90.0}},
                   "hostile_email": [{"shape": "a body of blank lines", "seconds": 1.5, "code": 554,
                                      "answer": "5.6.0 This message could not be read", "normal_seconds": 0.6,
                                      "normal_code": 550, "page_seconds": 0.01, "web_peak_mb": 155.0}],
                   "load": {"levels": {1: 8, 10: 2}, "ours": {1: level(120), 10: level(390)},
                            "plain": {1: level(100), 10: level(300)},
                            "outcomes": {"right": 11, "all": 12, "wrong": ["'x': explained (expected goodwill)"]},
                            "memory": {"rasa_mb": 900, "actions_mb": 150, "plain_rasa_mb": 700},
                            "plain_training": {"train_seconds": 60, "train_peak_mb": 800}}})
    for heading in ("## 1. Intent accuracy", "## 2. Language detection", "## 3. Dialogue", "## 4. Latency",
                    "## 5. Training", "## 6. Personal data masking", "## 7. Hostile email", "## 8. Reading"):
        assert heading in text
    assert "| the same set typed without accents or ¿¡ | es | 10 | 0.830 | 0.800 |" in text
    assert "gap 5.0 points" in text and "10/10 stories" in text and "51 s wall" in text
    assert "Its greeting rows (target ≥ 0.95, as the openers' pure greetings): 0.750 / 0.750." in text
    assert "| openers held-out set (`benchmarks/openers`) | es | 10 | 0.930 | 0.800 |" in text
    assert "0.900 / 0.930, gap 3.0 points; pure greetings 1.000 / 0.900" in text
    assert "| post-decision held-out set (`benchmarks/post_decision`) | en | 10 | 0.950 | 0.800 |" in text
    assert "target ≥ 0.900 each): 0.950 / 0.900. By kind (en / es): s 0.90 / 0.90." in text
    assert "| 10 | ours | 4 | 24 | 195 | 390 | 429 | 12.0 | 0 | 1.30 |" in text
    assert "(benchmarks-reading.md)" in text and "Now: 1.30×" in text and "11/12 (0.917)" in text
    assert "900 MB (plain `rasa init` bot: 700 MB)" in text
    assert "| es | 0.92 (12/13) | 1.00 (12/12) | — | 8412 |" in text and "mean 13.1 µs, p99 30.1 µs" in text
    assert "| a body of blank lines | 1.50 s | 554 | 550 in 0.60 s | 0.01 s | 155 MB |" in text


def level(p95: float) -> dict:
    return {"conversations": 4, "messages": 24, "errors": 0, "p50_ms": p95 / 2, "p95_ms": p95, "p99_ms": p95 * 1.1,
            "per_second": 12.0}
