# The two commands of the README, and the benchmarks. Everything installs into .venv.
.PHONY: install demo test bench compose-smoke clean

install:
	bash scripts/bootstrap.sh

demo: install  ## the main job: demo sites -> Airflow nightly DAG -> marts -> summary
	.venv/bin/python -m scrapers demo

test: install  ## the whole test suite (what .ci/run calls)
	bash scripts/install-system-deps.sh  # PostgreSQL, Chromium, podman for the deployment tests
	.venv/bin/python -m pytest

bench: install  ## chrome stripping + extraction vs trafilatura, metrics vs gold, demo wall time
	.venv/bin/python bench/run_all.py

compose-smoke: install  ## docker-compose.yml up with podman, a green nightly run, down (as root; also in make test)
	bash scripts/install-system-deps.sh
	.venv/bin/python scripts/compose_smoke.py

clean:
	rm -rf var .pytest_cache
