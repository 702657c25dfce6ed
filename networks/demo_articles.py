"""The networks' curated articles for the demo, written as a network editor would, from the PiP briefing.

Each article is a list of StreamField blocks; the illustrations are drawn with Pillow when the
demo loads (plain diagrams, each with alt text that says everything the picture shows), so the
repository holds no binary files. `networks.demo` creates the pages and fills in the bodies of
articles an earlier demo left as one-line stubs.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable

from django.conf import settings
from django.core.files.images import ImageFile
from PIL import Image as Picture
from PIL import ImageDraw, ImageFont
from wagtail.images.models import Image
from wagtail.rich_text import RichText

INK, RED, PANEL, GREEN, BLUE, AMBER, WHITE = "#1b1b1f", "#b0001e", "#f4f4f7", "#0b6b2f", "#0b4f9c", "#8a4b00", "#ffffff"


def _font(size: int):
    return ImageFont.load_default(size=size)


def _png(picture: Picture.Image) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _room_plan() -> bytes:
    """Five round tables of seven, a facilitator's table and a flip chart at the front."""
    picture = Picture.new("RGB", (960, 580), WHITE)
    draw = ImageDraw.Draw(picture)
    draw.rectangle((20, 20, 940, 560), outline=INK, width=4)
    draw.rectangle((360, 40, 600, 90), fill=PANEL, outline=INK, width=2)
    draw.text((480, 65), "Facilitator and note-taker", fill=INK, font=_font(20), anchor="mm")
    draw.rectangle((640, 40, 700, 120), fill=WHITE, outline=RED, width=4)
    draw.text((670, 140), "Flip chart", fill=INK, font=_font(18), anchor="mm")
    for index, (x, y) in enumerate([(200, 230), (480, 230), (760, 230), (340, 410), (620, 410)], start=1):
        draw.ellipse((x - 60, y - 60, x + 60, y + 60), fill=PANEL, outline=INK, width=3)
        draw.text((x, y), f"Table {index}", fill=INK, font=_font(20), anchor="mm")
        for seat in range(7):
            angle = 2 * math.pi * seat / 7
            sx, sy = x + 85 * math.cos(angle), y + 85 * math.sin(angle)
            draw.ellipse((sx - 14, sy - 14, sx + 14, sy + 14), fill=RED if seat == 0 else BLUE)
    draw.ellipse((40, 520, 60, 540), fill=RED)
    draw.text((70, 530), "Table facilitator", fill=INK, font=_font(18), anchor="lm")
    draw.ellipse((260, 520, 280, 540), fill=BLUE)
    draw.text((290, 530), "Participant", fill=INK, font=_font(18), anchor="lm")
    return _png(picture)


ROOM_PLAN_ALT = (
    "Plan of a room set out for a local policy forum: five round tables, each with seven chairs, one of them "
    "for the table's facilitator; at the front, a table for the forum's facilitator and note-taker, and a flip chart."
)

AGENDA = [
    ("Welcome", 10, PANEL), ("The question", 10, PANEL), ("1. The problem", 20, BLUE), ("2. Solutions", 25, GREEN),
    ("3. Priorities", 15, AMBER), ("Agree a view", 15, RED), ("Report back", 15, PANEL),
]


def _agenda() -> bytes:
    """A two-hour forum as a bar: each part as long as its minutes."""
    picture = Picture.new("RGB", (960, 300), WHITE)
    draw = ImageDraw.Draw(picture)
    total = sum(minutes for _, minutes, _ in AGENDA)
    x, scale = 20, 920 / total
    for index, (label, minutes, colour) in enumerate(AGENDA):
        width = minutes * scale
        draw.rectangle((x, 90, x + width, 170), fill=colour, outline=INK, width=2)
        text_colour = WHITE if colour in (BLUE, GREEN, AMBER, RED) else INK
        draw.text((x + width / 2, 130), f"{minutes}", fill=text_colour, font=_font(26), anchor="mm")
        # Labels alternate between two lines so neighbours never overlap.
        draw.text((x + width / 2, 200 if index % 2 == 0 else 240), label, fill=INK, font=_font(19), anchor="mm")
        x += width
    draw.text((20, 40), f"A local policy forum in {total} minutes", fill=INK, font=_font(28), anchor="lm")
    return _png(picture)


AGENDA_ALT = (
    "The running order of a two-hour local policy forum, as a bar divided by minutes: welcome, 10 minutes; "
    "the question, 10; first round at the tables on the problem and its scale, 20; second round on solutions, 25; "
    "third round on conflicting priorities, 15; agreeing a view, 15; tables reporting back, 15."
)


def _school_gate() -> bytes:
    """A stall at a school gate: a board with three questions covered in parents' notes."""
    picture = Picture.new("RGB", (960, 480), WHITE)
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 400, 960, 480), fill=PANEL)
    draw.rectangle((80, 300, 400, 400), fill=AMBER, outline=INK, width=3)
    draw.text((240, 350), "Leaflets and a sign-up sheet", fill=WHITE, font=_font(18), anchor="mm")
    draw.rectangle((470, 40, 900, 390), fill=WHITE, outline=INK, width=4)
    questions = ["What is going well at our school?", "What would you change first?", "Who should pay for breakfast clubs?"]
    for row, question in enumerate(questions):
        top = 60 + row * 110
        draw.text((490, top + 10), question, fill=INK, font=_font(20))
        for note in range(3 + row):
            left = 490 + note * 70
            draw.rectangle((left, top + 40, left + 55, top + 90), fill=["#ffe27a", "#bfe3ff", "#c9f0c9"][note % 3], outline=INK)
    for x in (150, 220, 300, 360):
        draw.ellipse((x - 18, 180, x + 18, 216), fill=BLUE)
        draw.rectangle((x - 22, 218, x + 22, 298), fill=BLUE)
    return _png(picture)


SCHOOL_GATE_ALT = (
    "A stall at the school gate: a table with leaflets and a sign-up sheet, four parents standing at it, and a board "
    "with three questions (what is going well at our school, what would you change first, who should pay for "
    "breakfast clubs) covered in parents' sticky notes."
)

FACILITIES = [("Under 16", 64), ("16 to 24", 41), ("25 to 44", 33), ("45 to 64", 22), ("65 and over", 9)]


def _facilities_chart() -> bytes:
    """Members' survey: share of each age group using a local sports facility at least once a week."""
    picture = Picture.new("RGB", (960, 420), WHITE)
    draw = ImageDraw.Draw(picture)
    draw.text((20, 30), "Use a local sports facility at least once a week (%)", fill=INK, font=_font(26), anchor="lm")
    for row, (group, percent) in enumerate(FACILITIES):
        top = 80 + row * 65
        draw.text((20, top + 22), group, fill=INK, font=_font(22), anchor="lm")
        draw.rectangle((200, top, 200 + percent * 10, top + 44), fill=GREEN)
        draw.text((210 + percent * 10, top + 22), f"{percent}%", fill=INK, font=_font(22), anchor="lm")
    return _png(picture)


FACILITIES_ALT = "Bar chart from our members' survey of five clubs: people who use a local sports facility at least once a week. " + "; ".join(
    f"{group}, {percent} per cent" for group, percent in FACILITIES
) + "."

PICTURES: dict[str, tuple[Callable[[], bytes], str]] = {
    "Local policy forum: room plan": (_room_plan, ROOM_PLAN_ALT),
    "Local policy forum: running order": (_agenda, AGENDA_ALT),
    "Consulting parents at the school gate": (_school_gate, SCHOOL_GATE_ALT),
    "Members' survey: weekly use of sports facilities": (_facilities_chart, FACILITIES_ALT),
}


def picture(title: str) -> dict:
    """The image block for one of the demo's pictures, drawing and storing it the first time."""
    draw, alt = PICTURES[title]
    image = Image.objects.filter(title=title).first()
    if image is None:
        filename = title.lower().replace(":", "").replace("'", "").replace(" ", "-") + ".png"
        image = Image(title=title)
        image.file.save(filename, ImageFile(io.BytesIO(draw()), name=filename), save=False)
        image.save()
    return {"image": image, "alt_text": alt, "caption": ""}


def text(html: str) -> tuple[str, RichText]:
    return ("rich_text", RichText(html))


def _forum_guide(commission: str, issue: str) -> list:
    return [
        text(
            "<p>A local policy forum is a meeting, open to every member and sometimes to the wider community, where "
            "people in small groups work through one policy question and agree a view to send to the party's "
            "policy-making. This guide is how our members have run them, from choosing the question to hearing back "
            f"from the {commission} policy commission.</p>"
            "<h2>1. Choose one question</h2>"
            f"<p>Start from the commission's work programme: this year it asks, among other things, <b>{issue}</b> "
            "One clear question makes a better evening than three broad ones. Write it at the top of your invitation "
            "and your briefing sheet.</p>"
            "<h2>2. Decide who to invite</h2>"
            "<ul><li>Forums can be held by a <b>branch</b>, at a <b>constituency meeting</b> open to all members, or "
            "at a special meeting of <b>several neighbouring constituencies</b>.</li>"
            "<li>Think about the <b>wider community</b>: patients' groups, carers, people who work in local services. "
            "The Big Conversation showed the value of having the courage to open our consultations widely.</li>"
            "<li>Ask your CLP's PiP coordinator or your regional office for help: each region has a member of staff "
            "leading on Partnership in Power.</li></ul>"
            "<h2>3. Set out the room for small groups</h2>"
            "<p>Round tables of six to eight work best, each with a facilitator who keeps everyone talking and a "
            "note-taker. Book somewhere step-free, near a bus route, at a time when people with caring "
            "responsibilities and shift workers can come.</p>"
        ),
        ("image", picture("Local policy forum: room plan")),
        text(
            "<h2>4. Prepare a one-page briefing</h2>"
            "<p>Say what the commission is asking, give two or three facts about the problem locally, and list the "
            "questions each table will discuss. Send it out with the invitation a fortnight ahead.</p>"
            "<h2>5. Run the evening in rounds</h2>"
            "<p>In each round the tables discuss, then the facilitator asks one table at a time for its main point:</p>"
            "<ol><li><b>The problem</b>: what it is and how big it is here.</li>"
            "<li><b>Solutions</b>: what could be done, by whom, and what it would cost.</li>"
            "<li><b>Priorities</b>: where the solutions conflict, what should come first.</li>"
            "<li><b>A view</b>: the few sentences the forum wants the commission to hear, including where people "
            "disagreed.</li></ol>"
        ),
        ("image", picture("Local policy forum: running order")),
        text(
            "<h2>6. Write it up within a week</h2>"
            "<p>While it is fresh: the question, how many came and whether the wider community took part, what the "
            "tables agreed and where they did not, and your proposals. Read the draft to one facilitator from each "
            "table before you send it.</p>"
            "<h2>7. Send it to the commission</h2>"
            f"<p>Make a submission to the {commission} policy commission on this site, choosing <b>Local policy forum "
            "report</b> and your party unit. You get a reference and a page that tracks it: the commission aims to "
            f"acknowledge every submission within {settings.SUBMISSION_ACKNOWLEDGE_DAYS} days.</p>"
            "<h2>8. Tell people what happened</h2>"
            "<p>Everyone who came can follow the submission; when the commission responds, read its response out at "
            "your next meeting and share it here. People come back when they can see their contribution made a "
            "difference.</p>"
        ),
        ("quote", {"quote": "Everyone who attends our policy forums is impressed by the level of participation and the "
                   "quality of the debate.", "attribution": "The letter relaunching Partnership in Power"}),
    ]


ARTICLES: dict[str, dict[str, Callable[[], list]]] = {
    "health": {
        "Running a local policy forum on health": lambda: _forum_guide(
            "Health", "which services should move out of hospitals and into communities, and how?"
        ),
        "What the Health policy commission asked this year": lambda: [
            text(
                "<p>Each year every policy commission publishes a work programme: the issues and challenges facing "
                "the Government in the year ahead, for local parties and members to discuss. Here are the Health "
                "commission's, with what we have heard so far in this network.</p>"
                "<h2>Care closer to home</h2><p>Which services should move out of hospitals and into communities, "
                "and how? Members working in community nursing have asked for evening and weekend clinics; carers "
                "want transport counted as part of care.</p>"
                "<h2>Public health and obesity</h2><p>What should government, schools and employers do about rising "
                "obesity? The school food debate has run for weeks in our discussions.</p>"
                "<h2>Waiting times and patient choice</h2><p>How do we keep waiting times down while giving real "
                "choice? Several CLPs are holding forums on this before the consultation closes.</p>"
                "<h3>How to take part</h3><ul><li>Start or join a discussion in this network.</li>"
                "<li>Hold a local policy forum: our guide shows how.</li>"
                "<li>Put questions to ministers in the network's live chats.</li></ul>"
            ),
        ],
    },
    "school-governors-and-education": {
        "Getting started as a governor": lambda: [
            text(
                "<p>Welcome to the governing body. The first term is for listening: these are the things our "
                "members wish they had known in theirs.</p>"
                "<h2>Your first term</h2><ol><li><b>Read the last year's minutes</b> and the school improvement plan "
                "before your first full meeting.</li><li><b>Visit in the school day</b>, by arrangement with the "
                "head, with a focus agreed with your chair.</li><li><b>Take the induction training</b> your local "
                "authority or trust offers, and the safeguarding module.</li><li><b>Ask one good question</b> at "
                "each meeting: how do we know? is the best there is.</li></ol>"
                "<h2>What governors bring to policy</h2><p>Governors see education policy land in real classrooms. "
                "When something works, or does not, tell this network: the Education and Skills policy commission "
                "reads our discussions and our forum reports.</p>"
                "<h3>Remember</h3><p>Discuss your own school's business in this network in general terms only: names "
                "of pupils and staff never belong here.</p>"
            ),
        ],
        "Consulting parents on the Education and Skills work programme": lambda: [
            text(
                "<p>Last spring one CLP took its local policy forum to the school gate. Instead of asking parents "
                "to come to a meeting, members went to them at home time, with a stall and three questions.</p>"
            ),
            ("image", picture("Consulting parents at the school gate")),
            text(
                "<h2>What they did</h2><ul><li>Asked the head's permission and chose two dry afternoons.</li>"
                "<li>Put three questions from the Education and Skills work programme on a board, and gave parents "
                "sticky notes to answer them.</li><li>Invited everyone who left a note to a short forum at the "
                "school the following week; thirty-one came, nine of them not party members.</li></ul>"
                "<h2>What they learned</h2><p>The big questions worked: asking about policy choices and priorities "
                "got better answers than asking what people thought of a policy. The forum's report went to the "
                "commission as a local policy forum report, and the CLP read the commission's response to parents at "
                "the next school fair.</p>"
            ),
        ],
    },
    "safer-communities": {
        "Talking to residents about anti-social behaviour": lambda: [
            text(
                "<p>Anti-social behaviour comes up on every doorstep. These questions, from councillors and "
                "neighbourhood watch coordinators in this network, open a conversation that leads somewhere.</p>"
                "<h2>Questions that work</h2><ol><li>Where and when does it happen: which street, which hours?</li>"
                "<li>Who have you told, and what happened next?</li><li>What would make the biggest difference: "
                "lighting, youth provision, a named officer, faster repairs?</li><li>Would you come to a meeting "
                "with the neighbourhood policing team?</li></ol>"
                "<h2>Listen before you answer</h2><p>People often expect to be told what the council or the police "
                "will do. Ask first, and write down their words, not your summary of them: the detail of where and "
                "when is what a neighbourhood policing team can act on, and what a policy commission needs to see.</p>"
                "<h2>Then</h2><p>Write down what you heard, street by street, and bring it to your branch. A local "
                "policy forum on community safety can turn it into a submission to the Crime, Justice, Citizenship "
                "and Equalities policy commission, and residents who came can follow what happens to it.</p>"
            ),
        ],
    },
    "sports": {
        "Making the case for local sports facilities": lambda: [
            text(
                "<p>Members involved in five clubs asked their players and parents how often they use a local "
                "sports facility. The answers make the case for keeping playing fields and pools open, and for "
                "opening school sites in the evenings.</p>"
            ),
            ("image", picture("Members' survey: weekly use of sports facilities")),
            text(
                "<h2>What the figures say</h2><p>Use falls steeply with age, and the drop after sixteen matches the "
                "age at which school sport ends. Clubs told us the main reasons are cost, opening hours and the "
                "distance to the nearest pitch or pool. Where a school opens its sports hall in the evenings, the "
                "clubs near it recruit more adults, and more of them keep playing.</p>"
                "<h2>Use them</h2><ul><li>Bring them to your council's leisure consultation.</li>"
                "<li>Add your own club's figures in the network's discussions.</li>"
                "<li>Send them with a local policy forum report on participation to the Creating Sustainable "
                "Communities policy commission.</li></ul>"
            ),
        ],
    },
}


def article_body(network_slug: str, title: str) -> list:
    """The blocks of a demo article (its pictures drawn and stored the first time); a KeyError names an article written nowhere."""
    return ARTICLES[network_slug][title]()
