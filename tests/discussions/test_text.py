"""The one sanitizer: what a member types can format text but never inject markup."""

from discussions.text import mentioned_usernames, plain_excerpt, quote_for_reply, render_member_text


def test_markdown_formats_text():
    html = render_member_text("Our CLP **agrees**.\n\n- one\n- two\n\n> a quote")
    assert "<strong>agrees</strong>" in html
    assert "<li>one</li>" in html
    assert "<blockquote>" in html


def test_raw_html_and_scripts_are_shown_as_text_not_run():
    html = render_member_text('<script>alert(1)</script><img src=x onerror="alert(1)">')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_javascript_links_are_not_links():
    html = render_member_text("[click](javascript:alert(1)) <javascript:alert(1)>")
    assert "href" not in html


def test_links_are_marked_as_member_content():
    html = render_member_text("[the briefing](https://example.org/pip)")
    assert 'href="https://example.org/pip"' in html
    assert 'rel="nofollow ugc noopener"' in html


def test_mentions_link_to_the_member_but_emails_and_code_do_not():
    html = render_member_text("Thanks @sam_jones. Write to a@b.org, or type `@nobody`.")
    assert '<a href="/members/sam_jones/" class="mention"' in html
    assert "/members/b.org" not in html
    assert "<code>@nobody</code>" in html
    assert mentioned_usernames("Thanks @sam_jones. Write to a@b.org, `@nobody`, [@linked](https://x.org)") == {"sam_jones"}


def test_headings_sit_below_the_page_headings():
    html = render_member_text("# Big\n\n## Smaller")
    assert "<h1" not in html and "<h2" not in html
    assert "<h3>Big</h3>" in html and "<h4>Smaller</h4>" in html


def test_quoting_a_post_names_its_author_and_quotes_each_line():
    assert quote_for_reply("Aisha", "First line\n\nSecond") == "Aisha wrote:\n\n> First line\n>\n> Second\n\n"


def test_plain_excerpt_strips_markup_and_shortens():
    assert plain_excerpt("**Bold** <b>raw</b> &amp; more") == "Bold <b>raw</b> & more"
    assert len(plain_excerpt("word " * 100, 50)) == 50
