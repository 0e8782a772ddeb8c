# The Airflow image with this project installed at the frozen versions (constraints.txt).
FROM apache/airflow:3.3.2-python3.11
COPY --chown=airflow:root pyproject.toml constraints.txt README.md /opt/mr-reports/
COPY --chown=airflow:root scrapers /opt/mr-reports/scrapers
RUN pip install --no-cache-dir -c /opt/mr-reports/constraints.txt -e /opt/mr-reports
