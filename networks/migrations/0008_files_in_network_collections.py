"""Each network gets its collection; editors' document and image rights move there from the root collection;
documents and images in the root that only one network's pages use move into that network's collection;
renditions are indexed by file name, which is how /images/<file> finds them.

Written with the historical models (treebeard's paths by hand, as Wagtail's own migrations do), so
it runs on any database this migration meets. Only what the reference index ties to exactly one
network moves; anything else stays where it is, public as before.
"""

from django.db import migrations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEP = 4
EDITOR_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
)


def _base36(number: int) -> str:
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = ALPHABET[rest] + digits
    return (digits or "0").rjust(STEP, "0")


def _new_child(Collection, root, name):
    last = Collection.objects.filter(path__startswith=root.path, depth=root.depth + 1).order_by("-path").first()
    number = int(last.path[-STEP:], 36) + 1 if last else 1
    child = Collection.objects.create(name=name, path=root.path + _base36(number), depth=root.depth + 1, numchild=0)
    root.numchild += 1
    root.save(update_fields=["numchild"])
    return child


def forwards(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    Page = apps.get_model("wagtailcore", "Page")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    NetworkPage = apps.get_model("networks", "NetworkPage")
    Document = apps.get_model("wagtaildocs", "Document")
    Image = apps.get_model("wagtailimages", "Image")

    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return
    networks = list(NetworkPage.objects.order_by("path"))
    for network in networks:
        if network.collection_id is None:
            network.collection = _new_child(Collection, root, f"{network.title} (network)")
            network.save(update_fields=["collection"])
        if network.editor_group_id is None:
            continue
        for app_label, codename in EDITOR_PERMISSIONS:
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is None:
                continue
            GroupCollectionPermission.objects.filter(group_id=network.editor_group_id, collection=root, permission=permission).delete()
            GroupCollectionPermission.objects.get_or_create(
                group_id=network.editor_group_id, collection_id=network.collection_id, permission=permission
            )

    page_type = ContentType.objects.filter(app_label="wagtailcore", model="page").first()
    if page_type is None or not networks:
        return
    for Model, app_label, model_name in ((Document, "wagtaildocs", "document"), (Image, "wagtailimages", "image")):
        content_type = ContentType.objects.filter(app_label=app_label, model=model_name).first()
        if content_type is None:
            continue
        for item in Model.objects.filter(collection=root):
            page_ids = ReferenceIndex.objects.filter(
                to_content_type=content_type, to_object_id=str(item.pk), base_content_type=page_type
            ).values_list("object_id", flat=True)
            paths = list(Page.objects.filter(pk__in=[int(pk) for pk in page_ids if pk.isdigit()]).values_list("path", flat=True))
            owners = {network.pk for path in paths for network in networks if path.startswith(network.path)}
            inside = all(any(path.startswith(network.path) for network in networks) for path in paths)
            if paths and inside and len(owners) == 1:
                (owner,) = owners
                item.collection_id = next(network.collection_id for network in networks if network.pk == owner)
                item.save(update_fields=["collection"])


class Migration(migrations.Migration):
    dependencies = [
        ('networks', '0007_network_collections'),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        # /images/<file> finds its rendition by file name (networks.media.serve_rendition): index it.
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS networks_rendition_file ON wagtailimages_rendition (file)",
            "DROP INDEX IF EXISTS networks_rendition_file",
        ),
    ]
