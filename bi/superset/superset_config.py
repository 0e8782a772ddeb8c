"""Superset's configuration for the bundled BI (read by Superset through SUPERSET_CONFIG_PATH).

Everything that differs per install comes from the environment `scrapers.bi.superset` sets:
SUPERSET_HOME (metadata DB, secret key) and nothing else; it binds loopback only (the command line).
"""

import os
from pathlib import Path

_home = Path(os.environ["SUPERSET_HOME"])
SECRET_KEY = (_home / "secret_key").read_text().strip()
SQLALCHEMY_DATABASE_URI = f"sqlite:///{_home / 'superset.db'}"

# A new publish shows without a restart: no cached query results (each query opens the published
# file anew; Superset's engines use NullPool, so a swapped-in file is read by the next query).
DATA_CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
EXPLORE_FORM_DATA_CACHE_CONFIG = {"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": 3600}
FILTER_STATE_CACHE_CONFIG = {"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": 3600}

# Local, loopback only: no HTTPS redirects, no outside calls, no rate limiter store.
TALISMAN_ENABLED = False
RATELIMIT_ENABLED = False
SUPERSET_WEBSERVER_TIMEOUT = 120
FEATURE_FLAGS = {"DASHBOARD_RBAC": False, "ALERT_REPORTS": False, "THUMBNAILS": False}
BABEL_DEFAULT_LOCALE = "en"
LANGUAGES = {"en": {"flag": "us", "name": "English"}, "zh": {"flag": "cn", "name": "Chinese"}}
# Table charts may render the HTML links of the mentions table (report URL).
HTML_SANITIZATION = True
