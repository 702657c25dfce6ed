"""Wagtail's default "Moderators" group and its "Moderators approval" workflow become "Page reviewers".

On this site moderators are the people who run a network's discussions; the
Wagtail group that may publish any page is another thing, so it gets a name
of its own. Only the names Wagtail created are changed: a site that renamed
them already keeps its own.
"""

from django.db import migrations

RENAMES = {
    ("auth", "Group"): ("Moderators", "Page reviewers"),
    ("wagtailcore", "Workflow"): ("Moderators approval", "Page review before publishing"),
    ("wagtailcore", "Task"): ("Moderators approval", "Approval by a page reviewer"),
}


def rename(apps, schema_editor, *, forwards=True):
    for (app_label, model_name), (old, new) in RENAMES.items():
        if not forwards:
            old, new = new, old
        apps.get_model(app_label, model_name).objects.filter(name=old).update(name=new)


class Migration(migrations.Migration):
    dependencies = [
        ('networks', '0004_unit_officers_and_recorded_units'),
        ("wagtailcore", "0048_add_default_workflows"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(rename, lambda apps, schema_editor: rename(apps, schema_editor, forwards=False)),
    ]
