"""The one MetaData every table is defined on, with the constraint naming convention.

A module of its own so that tables.py and tables_slack.py can both define tables on it
without importing each other. Import ``metadata`` from storage.tables, not from here:
only that module is sure to have registered every table.
"""

from __future__ import annotations

from sqlalchemy import MetaData

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)
