"""render_body: an entry's body (as extract.to_markdown writes it) as safe HTML, in linear time.

The body is read back block by block: these tests hold it to the text the reader gave
to_markdown, to what Python-Markdown made of ordinary text (so pages did not change),
and to linear cost on the texts that took Python-Markdown minutes.
"""

from __future__ import annotations

import html
import random
import re
import time

import markdown
import pytest
from markupsafe import Markup

from coprod.extract.extractor import to_markdown
from coprod.site.markup import render_body

HOSTILE = [
    "<script>alert(1)</script>after",
    "<p onclick=x>hi</p><div><b>x</b></div>",
    "<img src=x onerror=alert(1)> <a href=javascript:alert(1)>x</a>",
    "<style>p{}</style><template>t</template><iframe src=x></iframe><textarea>t</textarea><title>t</title>",
    "<!-- comment --> <!-- unterminated <![CDATA[ x <b> ]]> <?php echo 1; ?> <!DOCTYPE html>",
    "<h1>t</h1> </br> <br></br> <hr>x</hr> <br/><hr/>",
    "&amp; &lt; &gt; &quot; &#39; &#x27; &nbsp; &bogus; &#0; & alone &#60;script&#62;",
    "- <li onclick=x>item</li>\n- &lt;b&gt;\n\n[link](javascript:alert(1)) <http://auto>",
    "\x02wzxhzdk:0\x03 \x00 nul \r\n crlf \r lone",
]

# Characters of seed text, the ones markdown_text escapes among them.
ALPHABET = list("abcxyz ABC 0123456789.,;:!?'\"()[]{}<>&#*_`\\+-=|~/@$%^") + ["é", "—", "日", "&amp;", "&#60;",
                                                                                   "1. ", "- ", "# ", "> "]


def random_paragraphs(rnd: random.Random, alphabet: list[str]) -> tuple[str, ...]:
    paragraphs = []
    for _ in range(rnd.randint(1, 6)):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 40))).strip()
        if text:
            paragraphs.append(("• " + text) if rnd.random() < 0.3 else text)
    return tuple(paragraphs)


def expected_html(paragraphs: tuple[str, ...]) -> str:
    """What a body should show: each paragraph's text as it was, bullets as one list per run."""
    blocks: list[str] = []
    for paragraph in paragraphs:
        if paragraph.startswith("• "):
            item = f"<li>{html.escape(paragraph[2:].strip(), quote=False)}</li>"
            if blocks and blocks[-1].startswith("<ul>"):
                blocks[-1] = blocks[-1][:-len("\n</ul>")] + "\n" + item + "\n</ul>"
            else:
                blocks.append(f"<ul>\n{item}\n</ul>")
        else:
            blocks.append(f"<p>{html.escape(paragraph, quote=False)}</p>")
    return "\n".join(blocks)


def test_an_inert_body_renders_as_paragraphs_and_a_list():
    rendered = render_body(to_markdown(("Kyiv & Warsaw <agree> on *shells*.", "• drones", "• radars", "Done.")))
    assert isinstance(rendered, Markup)
    assert str(rendered) == ("<p>Kyiv &amp; Warsaw &lt;agree&gt; on *shells*.</p>\n"
                             "<ul>\n<li>drones</li>\n<li>radars</li>\n</ul>\n<p>Done.</p>")


def test_every_body_shows_exactly_the_text_the_reader_gave():
    rnd = random.Random(20261201)
    for _ in range(2000):
        paragraphs = random_paragraphs(rnd, ALPHABET)
        assert str(render_body(to_markdown(paragraphs))) == expected_html(paragraphs), paragraphs


@pytest.mark.parametrize("text", ["a | b", "x ~ y", "= sign first", "1986. was a year", "12. item"])
def test_characters_markdown_showed_with_a_backslash_show_as_they_are(text):
    assert str(render_body(to_markdown((text,)))) == f"<p>{html.escape(text, quote=False)}</p>"


def test_ordinary_text_renders_as_python_markdown_rendered_it():
    """Bodies without the characters Python-Markdown left a backslash on (above) or tabs: the
    same bytes as before, so no page changed."""
    rnd = random.Random(7)
    plain = [c for c in ALPHABET if c not in ("|", "~", "=") and not c[0].isdigit()]
    for _ in range(500):
        paragraphs = random_paragraphs(rnd, plain)
        body = to_markdown(paragraphs)
        stock = markdown.markdown(body, output_format="html")
        # what the allow-list made of Markdown's output: text unescaped and escaped again
        stock = re.sub(r"[^<>]+", lambda m: html.escape(html.unescape(m.group()), quote=False), stock).strip()
        assert str(render_body(body)) == stock, paragraphs


@pytest.mark.parametrize("body", HOSTILE + ["".join(random.Random(n).choices(ALPHABET, k=60)) for n in range(50)])
def test_a_body_that_is_not_inert_still_brings_no_markup(body):
    rendered = str(render_body(body))
    tags = re.findall(r"<[^>]*>", rendered)
    assert set(tags) <= {"<p>", "</p>", "<ul>", "</ul>", "<li>", "</li>"}
    assert "<" not in re.sub(r"</?(p|ul|li)>", "", rendered)
    assert "\x00" not in rendered or "\x00" in body


# Texts that cost Python-Markdown quadratic time (or worse) in one paragraph.
CRAFTED = {
    "entities": "&#x",
    "emphasis": "_a_",
    "backslashes": "\\",
    "links": "[a](",
    "quotes": "> ",
    "code": "`a",
}


def cpu_seconds(body: str) -> float:
    """The least CPU time of a few renderings (process time, so other processes do not count)."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        render_body(body)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_the_cost_of_a_crafted_body_grows_linearly(name):
    """Four times the text costs about four times the work: the bound, 8, sits halfway to the 16
    of quadratic time, and is a ratio of CPU times, not a time limit."""
    unit = CRAFTED[name]
    small = to_markdown((unit * (25_000 // len(unit)),))
    large = to_markdown((unit * (100_000 // len(unit)),))
    assert cpu_seconds(large) < 8 * cpu_seconds(small) + 0.005
