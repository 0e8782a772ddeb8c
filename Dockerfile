# The Airflow image with this project installed at the frozen versions (constraints.txt).
#
# Production builds on the official image. The base is a build argument only so that the compose
# smoke test (scripts/compose_smoke.py), on machines that cannot pull registry images, can build
# this same file on a stand-in made from Debian's packages; nothing below depends on which base.
ARG AIRFLOW_BASE_IMAGE=apache/airflow:3.3.2-python3.11
FROM ${AIRFLOW_BASE_IMAGE}

# The data volume's mount point, owned by the airflow user: a fresh named volume takes this
# directory's owner, so the services (uid 50000, never root) can write the archive and warehouse.
USER root
RUN mkdir -p /opt/mr-data && chown airflow:0 /opt/mr-data && chmod 0775 /opt/mr-data
USER airflow

# Dependencies first, in their own layer: a code change does not reinstall them. The package is
# an empty stub here; the real code is copied below (editable install, so the stub is replaced).
COPY --chown=airflow:root pyproject.toml constraints.txt README.md /opt/mr-reports/
RUN mkdir -p /opt/mr-reports/scrapers && touch /opt/mr-reports/scrapers/__init__.py \
 && pip install --no-cache-dir -c /opt/mr-reports/constraints.txt -e "/opt/mr-reports[deploy]"
COPY --chown=airflow:root scrapers /opt/mr-reports/scrapers
COPY --chown=airflow:root dags /opt/mr-reports/dags
COPY --chown=airflow:root dbt /opt/mr-reports/dbt
