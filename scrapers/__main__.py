from scrapers.cli import main

if __name__ == "__main__":  # not when a worker process (re-extraction pool) imports it
    raise SystemExit(main())
