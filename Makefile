# The two commands of the README, and the benchmarks. Everything installs into .venv.
.PHONY: install demo bi docs test bench compose-smoke clean

install:
	bash scripts/bootstrap.sh

demo: install  ## the main job: demo sites -> Airflow nightly DAG -> marts -> summary
	.venv/bin/python -m scrapers demo

bi: install  ## Superset (own venv) on the demo's published copy, dashboard imported, on http://127.0.0.1:23088
	bash scripts/install-system-deps.sh  # the CJK font (and chromium) for Chinese labels
	bash scripts/install-superset.sh
	.venv/bin/python -m scrapers bi --warehouse $(or $(WAREHOUSE),var/demo/data/warehouse.duckdb) --port $(or $(BI_PORT),23088)

docs: install  ## dbt docs (manifest, catalog, run results) of the published copy on http://127.0.0.1:23080
	.venv/bin/python -m scrapers docs --warehouse $(or $(WAREHOUSE),var/demo/data/warehouse.duckdb)

test: install  ## the whole test suite (what .ci/run calls)
	bash scripts/install-system-deps.sh  # PostgreSQL, Chromium, a CJK font and podman for the deployment, BI and compose tests
	bash scripts/install-superset.sh     # Superset's own venv for tests/bi
	.venv/bin/python -m pytest

bench: install  ## chrome stripping + extraction vs trafilatura, metrics vs gold, demo wall time
	.venv/bin/python bench/run_all.py

compose-smoke: install  ## docker-compose.yml up with podman, a green nightly run, down (as root; also in make test)
	bash scripts/install-system-deps.sh
	.venv/bin/python scripts/compose_smoke.py

clean:
	rm -rf var .pytest_cache
