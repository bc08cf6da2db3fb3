"""Where a message's content starts after the greeting, thanks or apology customers open with
("Hi, my order arrived broken" -> "my order arrived broken"), so that the intent is read from
the content. Finds an offset only; a message that is all courtesy is left whole (a greeting).
"""
from __future__ import annotations

import re

from bot.nlu.lemmas import fold_accents

# Greetings in either language, matched on lower-cased, accent-folded text; what follows a
# greeting after a comma or a space is already the content ("Hi, my order…").
_GREETINGS = (
    r"h(?:i{1,5}|ello|ey{1,5}|iya|owdy)", r"greetings", r"good (?:morning|afternoon|evening|day)", r"morning",
    r"evening", r"dear (?:sir|madam|team|customer (?:service|care|support))",
    r"hola{1,5}", r"buenas(?: (?:tardes|noches))?", r"buenos dias", r"saludos",
    r"estimad[oa]s? (?:se[nñ]or(?:es)?|se[nñ]ora|equipo)", r"oye",
)
# Thanks and apologies open a message only as a sentence of their own ("Thanks for answering.",
# "Sorry, quick one:"): "thanks for the reply" or "gracias, lo haré" are thanks, not openings.
_THANKS = (r"thanks", r"thank you", r"many thanks", r"sorry", r"excuse me",
           r"(?:muchas )?gracias", r"perd[oó]n", r"perdona", r"disculp[ae]")
_ADDRESSEE = r"(?: (?:there|team|all|everyone|guys|equipo|a todos|chicos))?"
# Bounded repetition only: this runs on every message.
_LEADING = re.compile(r"[\s\W_]{0,10}(?:(?:" + "|".join(_GREETINGS) + r")" + _ADDRESSEE + r"\b"
                      r"|(?:" + "|".join(_THANKS) + r")\b[^.!?:\n]{0,80}[.!?:\n])[\s\W_]{0,10}")
_WORD = re.compile(r"[^\W_][\w'’]*")  # "what's" is one word
# Fewer content words than this after the opening: the message is courtesy and small talk
# ("hey, what's new", "Hi, cash please"), read whole.
MIN_CONTENT_WORDS = 3


def content_start(text: str) -> int:
    """The offset in `text` where its content starts: after every leading greeting, thanks or
    apology; 0 when there is none or when too little content follows it."""
    folded = fold_accents(text.lower())
    if len(folded) != len(text):
        return 0  # folding changed the length (rare ligatures): offsets would not line up
    start = 0
    while match := _LEADING.match(folded, start):
        if match.end() == start:
            break
        start = match.end()
    return start if len(_WORD.findall(folded[start:])) >= MIN_CONTENT_WORDS else 0
