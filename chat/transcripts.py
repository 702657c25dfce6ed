"""A closed chat's transcript as files: Markdown for reading and publishing, CSV for spreadsheets.

Everything a member or editor typed is inert in both. In Markdown, members' text
is quoted line by line with every character Markdown or HTML would act on
escaped, so a `<script>` stays text, `# heading` stays a line and `[x](javascript:…)`
stays brackets in any renderer that follows CommonMark; names are escaped the
same way and kept to one line, so a display name cannot break out of its heading.
In CSV, a cell that a spreadsheet would read as a formula starts with `'`.
"""

from __future__ import annotations

import csv
import io
import re

from django.utils import timezone
from django.utils.translation import gettext

from chat import selectors

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#!|~&])")


def markdown_escape(text: str) -> str:
    """Text that renders as itself: each character Markdown or HTML would act on is backslash-escaped."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def one_line(text: str) -> str:
    return " ".join(text.split())


def quote(text: str) -> str:
    """Members' text quoted line by line, escaped, so nothing they typed becomes markup, a heading or a link."""
    return "\n".join(f"> {markdown_escape(line)}" if line.strip() else ">" for line in text.splitlines())


def markdown(chat) -> str:
    lines = [
        f"# {markdown_escape(one_line(chat.title))}",
        "",
        markdown_escape(one_line(chat.topic)),
        "",
        f"{timezone.localtime(chat.starts_at):%A %-d %B %Y, %H:%M}",
        "",
    ]
    for item in selectors.public_items(chat):
        badge = f" ({item.author_badge})" if item.author_badge else ""
        heading = f"{one_line(item.author_name)}{badge}: {item.get_kind_display().lower()} {item.pk}"
        lines += [f"## {markdown_escape(heading)}", ""]
        lines += [quote(item.text), "", f"Votes: {item.vote_count}", ""]
        for reply in item.shown_answers:
            lines += [f"**{markdown_escape(one_line(reply.author_name))}** answered:", "", quote(reply.text), ""]
    polls = selectors.polls(chat)
    if polls:
        lines += [f"## {gettext('Polls')}", ""]
    for poll in polls:
        asked = gettext("Poll %(number)s, asked by %(name)s") % {"number": poll.pk, "name": one_line(poll.asked_by_name)}
        lines += [f"### {markdown_escape(asked)}", "", quote(poll.question), ""]
        for option in poll.shown_options:
            lines.append(f"- {markdown_escape(one_line(option.text))}: {option.vote_count} ({option.percent}%)")
        lines += ["", gettext("Answers: %(total)s") % {"total": poll.total}, ""]
    if chat.recording_url:
        lines += [f"{gettext('Recording')}: <{chat.recording_url}>", ""]
    return "\n".join(lines)


def cell(text: str) -> str:
    """Neutralise spreadsheet formulas: a cell a member starts with = + - @ is read as text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_text(chat) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["number", "kind", "asked_at", "author", "text", "votes", "answered_by", "answer"])
    for item in selectors.public_items(chat):
        for reply in item.shown_answers or [None]:
            writer.writerow(
                [
                    item.pk,
                    item.kind,
                    timezone.localtime(item.created_at).isoformat(timespec="seconds"),
                    cell(item.author_name),
                    cell(item.text),
                    item.vote_count,
                    cell(reply.author_name) if reply else "",
                    cell(reply.text) if reply else "",
                ]
            )
    # Each poll: a row for its question (votes: how many answered), then a row per option with its tally.
    for poll in selectors.polls(chat):
        writer.writerow(
            [poll.pk, "poll", timezone.localtime(poll.created_at).isoformat(timespec="seconds"), cell(poll.asked_by_name),
             cell(poll.question), poll.total, "", ""]
        )
        for option in poll.shown_options:
            writer.writerow([poll.pk, "poll_option", "", "", cell(option.text), option.vote_count, "", ""])
    return buffer.getvalue()
