"""Wagtail's Welsh locale, so editors can make Welsh versions of pages (settings.WAGTAIL_CONTENT_LANGUAGES)."""

from django.db import migrations


def add_welsh(apps, schema_editor):
    apps.get_model("wagtailcore", "Locale").objects.get_or_create(language_code="cy")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(add_welsh, migrations.RunPython.noop)]
