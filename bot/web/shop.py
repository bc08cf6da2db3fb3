"""The demo shop page with the chat widget, in English or Spanish.

Serves the page and the widget bundle from our own npm install (no CDN); no chat logic here.
"""
from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, send_from_directory

from bot.language import DEFAULT_LANGUAGE, SUPPORTED
from bot.settings import PROJECT_ROOT

WIDGET_DIR = PROJECT_ROOT / "node_modules" / "rasa-webchat" / "lib"

shop = Blueprint("shop", __name__)

TEXT = {
    "en": {"title": "Acme Home — Help", "heading": "Something wrong with an order?",
           "intro": "Our assistant is on your side: tell it what happened and it will check your order straight away.",
           "widget_title": "Customer care", "widget_subtitle": "We're here to help",
           "placeholder": "Type your message…", "switch": "Español", "switch_to": "es"},
    "es": {"title": "Acme Home — Ayuda", "heading": "¿Algún problema con un pedido?",
           "intro": "Nuestro asistente está de tu parte: cuéntale qué ha pasado y revisará tu pedido enseguida.",
           "widget_title": "Atención al cliente", "widget_subtitle": "Estamos para ayudarte",
           "placeholder": "Escribe tu mensaje…", "switch": "English", "switch_to": "en"},
}


@shop.get("/")
def page():
    language = request.args.get("lang", DEFAULT_LANGUAGE)
    if language not in SUPPORTED:
        language = DEFAULT_LANGUAGE
    return render_template("shop.html", language=language, text=TEXT[language], rasa_url=current_app.config["RASA_URL"])


@shop.get("/widget/webchat.js")
def widget_bundle():
    return send_from_directory(WIDGET_DIR, "index.js", mimetype="application/javascript")
