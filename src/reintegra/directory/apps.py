from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "reintegra.directory"
    label = "directory"
    verbose_name = _("Service directory")
    nav_order = 25
    nav_items = [
        ("directory:services", _("Services"), "directory.view"),
        ("directory:coverage", _("Coverage gaps"), "directory.coverage"),
    ]
