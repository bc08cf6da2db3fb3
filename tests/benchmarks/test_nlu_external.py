from benchmarks.nlu_external import (
    Row,
    confusion_plot,
    intent_results,
    language_results,
    load_rows,
    macro_f1,
    without_accents,
)


def test_the_external_set_loads_in_both_languages():
    rows = load_rows()
    assert {row.lang for row in rows} == {"en", "es"}
    assert all(row.text and row.accept for row in rows)


def test_macro_f1():
    assert macro_f1(["a", "a", "b"], ["a", "a", "b"]) == 1.0
    assert round(macro_f1(["a", "a", "b", "b"], ["a", "b", "b", "b"]), 3) == round((2 / 3 + 0.8) / 2, 3)


def test_a_prediction_in_the_accept_list_is_right():
    rows = [Row("my card was charged twice", "en", ("complain_billing", "complain"), "s1"),
            Row("hello", "en", ("greet",), "s2"), Row("hola", "es", ("greet",), "s2"),
            Row("adiós", "es", ("goodbye",), "s2")]
    results = intent_results(rows, ["complain", "goodbye", "greet", "goodbye"])
    assert results["en"]["accuracy"] == 0.5 and results["es"]["accuracy"] == 1.0
    assert results["en"]["gold"] == ["complain", "greet"]
    assert results["en"]["confusions"] == [("greet -> goodbye", 1)]
    assert results["en"]["by_source"] == {"s1": 1.0, "s2": 0.0}
    assert (results["en"]["greetings"], results["es"]["greetings"]) == (0.0, 1.0)


def test_language_detection_counts_wrong_switches():
    rows = [Row("My parcel never arrived and nobody answers", "en", ("complain",), "s"),
            Row("ok", "en", ("affirm",), "s"), Row("Mi paquete nunca llegó", "es", ("complain",), "s"),
            Row("gracias", "es", ("thank",), "s")]
    results = language_results(rows)
    assert results["en"]["accuracy"] == 1.0 and results["es"]["accuracy"] == 1.0
    assert results["en"]["wrong_switch"] == 0.0 and results["en"]["short_rows"] == 1


def test_confusion_plot_is_a_png(tmp_path):
    confusion_plot(["a", "b", "b"], ["a", "a", "b"], "t", tmp_path / "c.png")
    assert (tmp_path / "c.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_without_accents_is_spanish_typed_on_a_plain_keyboard():
    assert without_accents("¿Cuándo llegará mi pedido? ¡Qué desastre!") == "Cuando llegara mi pedido? Que desastre!"
    assert without_accents("Señor, el pingüino") == "Señor, el pinguino"
