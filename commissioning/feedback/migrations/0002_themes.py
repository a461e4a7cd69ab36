"""The shipped feedback themes, with stable slugs; officers may rename, reorder or retire them."""

from typing import Any

from django.db import migrations

THEMES = [
    ("access-and-waiting-times", "Access and waiting times", "How easy it was to reach the service, and how long it took"),
    ("staff-attitude", "Staff attitude", "How people were treated by the staff and volunteers"),
    ("outcomes", "Outcomes", "What difference the service made, for better or worse"),
    ("communication", "Communication", "Being kept informed, listened to and understood"),
    ("safety", "Safety", "Feeling safe, and any concern about safety or safeguarding"),
]


def add_themes(apps: Any, schema_editor: Any) -> None:
    Theme = apps.get_model("feedback", "Theme")
    for position, (slug, name, description) in enumerate(THEMES, start=1):
        Theme.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RunPython(add_themes, migrations.RunPython.noop)]
