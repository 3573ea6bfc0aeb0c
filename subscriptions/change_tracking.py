"""Which columns of a row changed since it was read, so saves write only what changed.

Saving a subscription tree after changing one field must not rewrite a thousand rows:
each instance remembers the values it was loaded with, and the tree saver compares.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, Self

from django.db import models


class TracksChanges(models.Model):
    class Meta:
        abstract = True

    @classmethod
    def from_db(
        cls, db: str | None, field_names: Collection[str], values: Collection[Any], **kwargs: Any
    ) -> Self:
        # **kwargs: newer Djangos pass more keywords (fetch_mode); they go on unchanged.
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

    def loaded_values(self) -> dict | None:
        """{attname: value} as read or last saved; None for a new row. Blocks built in bulk keep
        only the row they came from (`_loaded_row` = (attnames, values)): the dict is made when
        first asked for, which for most blocks of a large tree is never."""
        loaded = self.__dict__.get("_loaded_values")
        if loaded is None and (row := self.__dict__.get("_loaded_row")) is not None:
            loaded = self._loaded_values = dict(zip(*row, strict=True))
        return loaded

    def changed_fields(self) -> list[str]:
        """Attribute names whose value differs from the one read (every field, for a new row)."""
        loaded = self.loaded_values()
        if loaded is None:
            return [f.attname for f in self._meta.concrete_fields]
        return [name for name, value in loaded.items() if getattr(self, name) != value]

    def remember_saved_values(self) -> None:
        deferred = self.get_deferred_fields()
        self._loaded_values = {
            f.attname: getattr(self, f.attname)
            for f in self._meta.concrete_fields
            if f.attname not in deferred
        }

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.remember_saved_values()
