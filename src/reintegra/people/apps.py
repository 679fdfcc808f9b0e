from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "reintegra.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from reintegra.core.keyrotation import register_blind_index_refresher
        from reintegra.people.services import refresh_blind_indexes

        register_blind_index_refresher("people.survivor", refresh_blind_indexes)
