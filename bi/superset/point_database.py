"""Point the dashboard's database at this install's warehouse (run by Superset's own python).

    SUPERSET_CONFIG_PATH=… SUPERSET_HOME=… .venv-superset/bin/python bi/superset/point_database.py < database.json

`superset import-dashboards` never overwrites a database that exists already, so switching a
Superset home from the DuckDB copy to PostgreSQL (or to another copy) goes through here: the URI
(its password stored encrypted) and `extra` (the read-only connection arguments) of the database
with the bundle's UUID, read as JSON from stdin.
"""

import json
import sys

from superset.app import create_app

config = json.load(sys.stdin)
app = create_app()
with app.app_context():
    from superset import db
    from superset.models.core import Database

    database = db.session.query(Database).filter_by(uuid=config["uuid"]).one()
    database.set_sqlalchemy_uri(config["sqlalchemy_uri"])
    database.extra = json.dumps(config["extra"])
    db.session.commit()
    print(f"database {database.database_name} -> {database.sqlalchemy_uri}")
