# The two commands of the README, and the benchmarks. Everything installs into .venv.
.PHONY: install demo test bench clean

install:
	bash scripts/bootstrap.sh

demo: install  ## the main job: demo sites -> Airflow nightly DAG -> marts -> summary
	.venv/bin/python -m scrapers demo

test: install  ## the whole test suite (what .ci/run calls)
	bash scripts/install-system-deps.sh  # PostgreSQL and Chromium for the deployment tests
	.venv/bin/python -m pytest

bench: install  ## chrome stripping + extraction vs trafilatura, metrics vs gold, demo wall time
	.venv/bin/python bench/run_all.py

clean:
	rm -rf var .pytest_cache
