"""The older bilingual wording, a str holding its English and carrying its Russian, kept while the last messages
move into the catalog."""

from __future__ import annotations


class Text(str):
    """Wording in English and Russian: the English is the str itself, the Russian is `.ru`.

    Template labels and notes, and every message of an error or warning, are Texts:
    whatever treats one as a str (comparisons, f-strings, JSON, logs) sees the English.
    """

    ru: str

    def __new__(cls, en: str, ru: str) -> Text:
        text = super().__new__(cls, en)
        text.ru = ru
        return text

    @property
    def en(self) -> str:
        return str(self)

    def get(self, lang: str | None) -> str:
        """The wording in `lang`: Russian for "ru", else English."""
        return self.ru if lang == "ru" else str(self)

    def __reduce__(self):  # a str subclass with an attribute: keep both when pickled or copied
        return (Text, (str(self), self.ru))


def in_lang(message: object, lang: str | None) -> str:
    """`message` in `lang`: the Russian of a `Text` (or of an exception carrying one) for "ru", else the English."""
    from . import Message, translator

    if isinstance(message, BaseException):
        text = getattr(message, "text", None)
        if callable(text):
            return text(lang)
        if message.args:
            message = message.args[0]
    if isinstance(message, Message):
        return translator(lang)(message)
    return message.get(lang) if isinstance(message, Text) else str(message)


def compose(en: str, ru: str, /, **parts: object) -> Text:
    """`Text` from two `str.format` templates; each part goes in in the template's own language.

    A part that is a `Text`, or an exception whose message is one, contributes its
    English to `en` and its Russian to `ru`; other parts are formatted as they are:
    `compose('"{seen}": {why}', '«{seen}»: {why}', seen=text, why=exc)`.
    """
    return Text(
        en.format(**{name: _part(value, "en") for name, value in parts.items()}),
        ru.format(**{name: _part(value, "ru") for name, value in parts.items()}),
    )


def _part(value: object, lang: str) -> object:
    from . import Message

    if isinstance(value, (Text, BaseException, Message)):
        return in_lang(value, lang)
    return value

