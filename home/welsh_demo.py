"""Welsh versions of the Health Network's pages, as a Welsh-speaking editor would make them in the admin.

Health is devolved in Wales: NHS Wales answers to the Welsh Government and the Senedd, so the Health
Network is the one Welsh members most need to read in Welsh. The copies are made the way the admin's
"Translate" action makes them (`copy_for_translation`, parents first), then written in Welsh and
published. Members, threads and chats stay on the English pages (home.pages serves the Welsh words
on them). Runs after every other app's demo; safe to run again.
"""

from __future__ import annotations

from django.conf import settings
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText

from home.models import HomePage
from networks.models import NetworkArticlePage, NetworkIndexPage, NetworkPage

WELSH_HOME = {
    "title": "Rhwydweithiau polisi: llais cryf i aelodau",
    "intro": "Ymunwch â rhwydwaith polisi, siaradwch ag aelodau sy'n rhannu eich diddordeb, gofynnwch gwestiynau i "
    "weinidogion mewn sgyrsiau byw ar y we, a dilynwch beth sy'n digwydd i gyflwyniadau polisi eich plaid leol.",
}
WELSH_INDEX = {
    "title": "Rhwydweithiau polisi",
    "intro": "Mae pob rhwydwaith polisi yn dod ag aelodau sydd â diddordeb cyffredin ynghyd, i rannu profiad ac i "
    "fwydo'r comisiynau polisi a Fforwm Polisi Cenedlaethol.",
}
WELSH_HEALTH = {
    "title": "Rhwydwaith Iechyd",
    "summary": "Aelodau sydd â diddordeb mewn iechyd a'r GIG: cleifion, staff, gofalwyr ac ymgyrchwyr yn siarad â'r "
    "comisiwn polisi Iechyd a gweinidogion iechyd. Yng Nghymru, mae GIG Cymru yn atebol i Lywodraeth Cymru a'r Senedd.",
    "body": [
        (
            "rich_text",
            RichText(
                "<p>Y Rhwydwaith Iechyd yw'r lle i aelodau sy'n gweithio yn y GIG, neu sy'n poeni amdano, rannu "
                "gwybodaeth, trafod atebion i broblemau yn eu hardal a siarad yn uniongyrchol â'r comisiwn polisi "
                "Iechyd, gweinidogion a lleisiau dylanwadol eraill.</p>"
                "<p>Mae iechyd wedi'i ddatganoli yng Nghymru, felly mae profiad aelodau o Gymru o GIG Cymru, o'r "
                "byrddau iechyd ac o ofal cymdeithasol yn werthfawr i'r blaid gyfan. Ymunwch i gymryd rhan mewn "
                "trafodaethau, sgyrsiau byw gyda gweinidogion, ac i ddilyn beth sy'n digwydd i gyflwyniadau iechyd "
                "eich plaid leol.</p>"
                "<p>Swyddfa Llafur Cymru: ffôn 029 2087 7700, e-bost wales@new.labour.org.uk.</p>"
            ),
        ),
        (
            "quote",
            {
                "quote": "Mae ein plaid yn llawn ymarferwyr, arbenigwyr a phobl sy'n angerddol am faes polisi.",
                "attribution": "Papur briffio Partneriaeth mewn Grym",
            },
        ),
    ],
}
WELSH_ARTICLES = {
    "Running a local policy forum on health": {
        "title": "Cynnal fforwm polisi lleol ar iechyd",
        "summary": "Canllaw cam wrth gam i Bleidiau Llafur Etholaeth a changhennau.",
        "body": (
            "<p>Mae fforymau polisi lleol ar agor i bob aelod ac, mewn rhai achosion, i'r gymuned ehangach. Dyma sut "
            "i gynnal un ar iechyd ac anfon ei farn at y comisiwn polisi Iechyd.</p>"
            "<ol><li>Dewiswch gwestiwn o raglen waith y comisiwn, er enghraifft amseroedd aros neu ofal yn y "
            "gymuned.</li><li>Gwahoddwch aelodau, staff y GIG a gofalwyr lleol; yng Nghymru, soniwch am eich bwrdd "
            "iechyd lleol.</li><li>Cofnodwch y prif bwyntiau y cytunwyd arnynt ac unrhyw anghytundeb.</li>"
            "<li>Anfonwch yr adroddiad drwy'r wefan hon fel cyflwyniad gan eich Plaid Lafur Etholaeth neu'ch "
            "cangen, a dilynwch beth sy'n digwydd iddo.</li></ol>"
        ),
    },
    "What the Health policy commission asked this year": {
        "title": "Beth a ofynnodd y comisiwn polisi Iechyd eleni",
        "summary": "Crynodeb o'r materion amserol yn rhaglen waith eleni.",
        "body": (
            "<p>Eleni gofynnodd y comisiwn polisi Iechyd i aelodau am ofal sylfaenol, iechyd meddwl ac integreiddio "
            "iechyd a gofal cymdeithasol. Mae'r dogfennau ymgynghori ar dudalen y comisiwn.</p>"
            "<p>Gan fod iechyd wedi'i ddatganoli, mae cyflwyniadau o Gymru yn helpu'r comisiwn i weld beth mae "
            "Llywodraeth Lafur Cymru eisoes wedi'i ddysgu, a'r hyn y gall gweddill y blaid ei ddysgu ohono.</p>"
        ),
    },
}


def load(stdout) -> None:
    welsh, _created = Locale.objects.get_or_create(language_code="cy")
    health = NetworkPage.objects.filter(slug="health", locale=Locale.get_default()).first()
    if health is None:
        stdout.write("home: no Health Network, so no Welsh pages")
        return
    _translate(HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first(), welsh, WELSH_HOME)
    _translate(NetworkIndexPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first(), welsh, WELSH_INDEX)
    _translate(health, welsh, {**WELSH_HEALTH, "body": list(WELSH_HEALTH["body"])})
    for article in NetworkArticlePage.objects.child_of(health).live().filter(locale__language_code=settings.LANGUAGE_CODE):
        words = WELSH_ARTICLES.get(article.title)
        if words:
            _translate(article, welsh, {**words, "body": [("rich_text", RichText(words["body"]))]})
    stdout.write("home: Welsh versions of the Health Network's pages (under /cy/)")


def _translate(page: Page | None, locale: Locale, words: dict) -> Page | None:
    """The page's Welsh version, made (with any missing parents) and published once with `words`."""
    if page is None:
        return None
    existing = Page.objects.filter(translation_key=page.translation_key, locale=locale).first()
    if existing is not None:
        return existing.specific
    translated = page.copy_for_translation(locale, copy_parents=True).specific
    for name, value in words.items():
        setattr(translated, name, value)
    translated.draft_title = translated.title
    translated.save_revision().publish()
    return translated
