"""Reading the pages the form fuzz tests get back: the messages shown, and whether they are
Vietnamese; and sending form fields and query strings as raw bytes, as a hostile client can."""

import re
from html.parser import HTMLParser
from urllib.parse import quote_from_bytes, urlsplit

#: Letters only Vietnamese uses among the page's languages (English has none of them).
VIETNAMESE = re.compile(
    "[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE
)
#: Classes of the elements that carry a message to the person (survey, console, error page).
MESSAGE_CLASSES = {"error", "s-error", "flash-error"}


class MessageReader(HTMLParser):
    """Collect the text of elements with role="alert" or an error class."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.messages: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        if self.depth:
            self.depth += 1
        elif attributes.get("role") == "alert" or classes & MESSAGE_CLASSES:
            self.depth = 1
            self.messages.append("")

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.messages[-1] += data


def messages_of(html: str) -> list[str]:
    """Return the messages a page shows, whitespace collapsed."""
    reader = MessageReader()
    reader.feed(html)
    return [" ".join(message.split()) for message in reader.messages if message.strip()]


def encoded(pairs) -> bytes:
    """Return (name, value) byte pairs percent-encoded as a form body or query string."""
    return "&".join(f"{quote_from_bytes(name)}={quote_from_bytes(value)}"
                    for name, value in pairs).encode()


def check_page(response, *, language: str, refusal_expected: bool = False) -> list[str]:
    """No 5xx; a redirect stays on this site; any other answer is a page in `language`
    without a traceback; a 4xx (or a refusal re-rendered with 200) shows a message in it.

    :returns: the messages the page shows.
    """
    status = response.status_code
    assert status < 500, response.get_data()[:300]
    if status in (301, 302, 303, 308):
        target = urlsplit(response.headers["Location"])
        assert target.netloc in ("", "localhost"), response.headers["Location"]
        return []
    html = response.get_data(as_text=True)
    assert response.mimetype == "text/html", (status, response.mimetype)
    assert "Traceback" not in html
    assert f'<html lang="{language}"' in html
    messages = messages_of(html)
    if status >= 400 or refusal_expected:
        assert messages, (status, html[:500])
        if language == "vi":
            assert any(VIETNAMESE.search(message) for message in messages), messages
    return messages
