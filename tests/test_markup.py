"""render_body: an entry's Markdown body as safe HTML, fast.

render_body keeps one markdown converter per thread, reset between bodies, and
allow_list has a shortcut for fragments made only of markdown's plain tags. These tests
hold both to the stock behaviour: the output is that of a new markdown.markdown and the
HTML parser, on ordinary, hostile and randomly assembled bodies.
"""

from __future__ import annotations

import random
import threading

import markdown
import pytest
from markupsafe import Markup

from coprod import markup
from coprod.extract import to_markdown
from coprod.markup import allow_list, render_body

HOSTILE = [
    "<script>alert(1)</script>after",
    "<p onclick=x>hi</p><div><b>x</b></div>",
    "<img src=x onerror=alert(1)> <a href=javascript:alert(1)>x</a>",
    "<style>p{}</style><template>t</template><iframe src=x></iframe><textarea>t</textarea><title>t</title>",
    "<script><script>x</script>y</script>z </script>orphan <SCRIPT>x</SCRIPT> <scr<script>ipt>",
    "<!-- comment --> <!-- unterminated",
    "<![CDATA[ x <b> ]]> <?php echo 1; ?> <!DOCTYPE html>",
    "<h1>t</h1> <H2>X</H2> <h7>x</h7> </br> <br></br> <hr>x</hr> <br/><hr/>",
    "&amp; &lt; &gt; &quot; &#39; &#x27; &nbsp; &copy; &bogus; &#0; &#xFFFFFF; & alone &#60;script&#62;",
    "<svg><script>x</script></svg> <math><mi>x</mi></math> <noscript><p>x</p></noscript>",
    "<ul\n><li\n>x</li\n></ul\n> <p\nclass=x>multi</p> <p/> <em/>",
    "\x02wzxhzdk:0\x03 \x02klzzwxh:0\x03 \x00 nul \r\n crlf \r lone",
]

MARKDOWN = [
    "",
    "plain",
    "# H1\n\n## H2\n\n###### H6\n\n####### H7\n\n#no space\n\n\\# escaped",
    "Setext\n===\n\nSub\n---",
    "- a\n- b\n    - nested\n        - deeper\n- c\n\n1. one\n2. two\n\n    code in list",
    "    code block <b>&amp;</b>\n    more\n\n```\nfenced\n```",
    "`inline <code>` and ``double ` tick`` and \\`not code\\`",
    "> quote\n> > nested quote\n\n> - list in quote\n\n   > indented",
    "***\n\n---\n\n___\n\n* * *\n\n- - -\n\n_ _ _",
    "line  \nbreak, tab\t\nbreak, *em* **strong** ***both*** _u_ __uu__ foo_bar_baz 2*3*4 **unclosed",
    "[link](http://x) ![img](http://y) <http://auto> <mail@x.com>",
    "[ref][1] and [1] and ![i][1]\n\n[1]: http://x \"t\"\n\n[later]: <http://y>\n[later]",
    "a\\*b \\_c\\_ \\\\ \\< \\[x\\]: y",
    "héllo ünïcode — “quotes” 日本語 \u202e rtl \u200b zw \U0001F600",
    "Term\n: def\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~strike~~",
]

TOKENS = ["<", ">", "&", ";", "#", "*", "_", "`", "\\", "-", "+", "=", "!", "[", "]", "(", ")", ":", "\n", "\n\n",
          " ", "  ", "    ", "\t", "1.", "a", "xyz", "é", "&amp;", "&lt;", "&#60;", "&nbsp;", "<!--", "-->",
          "<![CDATA[", "<script>", "</script>", "<p>", "</p>", "<b>", "<h1>", "</h1>", "<br>", "<hr />", "<div>",
          "</div>", "<em>", "<a href='x'>", "http://x.y", "<http://x>", "> ", "- ", "1. ", "## ", "```", "***", "---",
          "[r]: http://r"]

LINES = ["# h", "## h ##", "#no", "---", "- - -", "***", "___", "===", "Title", "> q", "> > qq", "    code", "- item",
         "* item", "1. one", "  - nested", "[id]: http://x.y \"t\"", "see [id] and ![i][id]", "text *em* **st**",
         "a  ", "&amp; &lt;b&gt;", "<div>", "</div>", "<!-- c -->", "word", "", "", "x]:y", "#", ">", "-", "_"]


def random_bodies(count: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    bodies = ["".join(rnd.choice(TOKENS) for _ in range(rnd.randint(1, 30))) for _ in range(count)]
    bodies += ["\n".join(rnd.choice(LINES) for _ in range(rnd.randint(1, 20))) for _ in range(count)]
    return bodies


def inert_bodies() -> list[str]:
    """Bodies as extract.to_markdown writes them."""
    return [
        to_markdown(("Kyiv and Warsaw agreed on *joint* production of 155 mm shells (worth $1.2bn) [sic].",
                     "• drones & <radars>", "• 1986. was a year", "# not a heading", "> not a quote",
                     "--- not a rule", "`tick` and \\ backslash and _under_ and 2 * 3")),
        to_markdown(("One paragraph only.",)),
        to_markdown(()),
    ]


ALL = inert_bodies() + MARKDOWN + HOSTILE + random_bodies(600, seed=20261122)


def parse(fragment: str) -> str:
    """allow_list through the HTML parser alone (no shortcut)."""
    parser = markup._AllowList()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out)


def stock_render(body: str) -> str:
    """render_body as it was: a new converter per body, then the HTML parser."""
    return parse(markdown.markdown(body, output_format="html")).strip()


def outcome(render, body):
    try:
        return str(render(body))
    except Exception as exc:  # html.parser gives up on a few broken declarations ("<![ x"); so must we
        return type(exc)


@pytest.fixture(scope="module")
def stock_html():
    """Each body as a new stock converter writes it."""
    return {body: markdown.markdown(body, output_format="html") for body in ALL}


@pytest.fixture(scope="module")
def expected(stock_html):
    return {body: outcome(lambda b: parse(stock_html[b]).strip(), body) for body in ALL}


def test_an_inert_body_renders_as_paragraphs_and_a_list():
    html = render_body(to_markdown(("Kyiv & Warsaw <agree> on *shells*.", "• drones", "• radars", "Done.")))
    assert isinstance(html, Markup)
    assert str(html) == ("<p>Kyiv &amp; Warsaw &lt;agree&gt; on *shells*.</p>\n"
                         "<ul>\n<li>drones</li>\n<li>radars</li>\n</ul>\n<p>Done.</p>")


def test_render_body_gives_what_a_new_converter_and_the_html_parser_give(expected):
    for body in ALL:
        assert outcome(render_body, body) == expected[body], repr(body)


def test_render_body_gives_the_same_in_reverse_order_so_nothing_carries_over(expected):
    for body in reversed(ALL):
        assert outcome(render_body, body) == expected[body], repr(body)


def test_a_link_reference_does_not_reach_the_next_body():
    assert str(render_body("[x]: http://example.com/\n\n[x] and *a")) == "<p>x and *a</p>"
    assert str(render_body("[x] and a*")) == "<p>[x] and a*</p>"


def test_a_body_that_breaks_markdown_leaves_the_next_body_as_it_would_be():
    too_deep = "".join("    " * depth + "- a\n" for depth in range(300))
    with pytest.raises(RecursionError):
        render_body(too_deep)
    for body in MARKDOWN:
        assert str(render_body(body)) == stock_render(body)


def test_threads_render_the_same_as_one_thread(expected):
    wrong = []

    def work(bodies):
        for body in bodies:
            if outcome(render_body, body) != expected[body]:
                wrong.append(body)

    threads = [threading.Thread(target=work, args=(ALL[i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []


@pytest.mark.parametrize("fragment", [
    "<p>a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; &nbsp; &copy; &bogus; &amp</p>",
    "<h1>t</h1>\n<h2>u</h2><br><hr>\n<ul>\n<li><em>x</em> <strong>y</strong> <code>z</code></li>\n</ul>",
    "<pre><code>a\n  b &amp; &lt;\n</code></pre><blockquote>\n<p>q</p>\n</blockquote><ol><li>1</li></ol>",
    "text only, a > b &",
    "trailing ampersand &am",
    "",
])
def test_the_allow_list_shortcut_reads_plain_fragments_as_the_parser_does(fragment):
    assert markup._allow_list_simple(fragment) == parse(fragment)


@pytest.mark.parametrize("fragment", [
    "<p class=x>a</p>", "<P>a</P>", "<p >a</p>", "</br>", "<div>a</div>", "<p>a < b</p>", "<!-- c -->",
    "<script>x</script>", "<p>a<br/></p>", "a <", "<![CDATA[x]]>",
])
def test_the_allow_list_leaves_anything_else_to_the_parser(fragment):
    assert markup._allow_list_simple(fragment) is None
    assert allow_list(fragment) == parse(fragment)


def test_the_allow_list_shortcut_agrees_with_the_parser_on_markdown_output(stock_html):
    taken = 0
    for body in ALL:
        fragment = stock_html[body]
        simple = markup._allow_list_simple(fragment)
        if simple is not None:
            taken += 1
            assert simple == parse(fragment), repr(body)
    assert taken > len(ALL) // 4


@pytest.mark.parametrize("body", HOSTILE)
def test_hostile_bodies_bring_no_markup_attributes_or_scripts(body):
    html = str(render_body(body))
    assert "<script" not in html.lower() and "alert(1)</" not in html
    for tag in ("<img", "<a ", "<div", "<iframe", "<svg", "<style", "<title", "<textarea", "<h1", "<!--", "=x"):
        assert tag not in html.lower()
