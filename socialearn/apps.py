from __future__ import annotations

from django.apps import AppConfig


class SocialearnConfig(AppConfig):
    name = "socialearn"
    verbose_name = "SociaLearn"
