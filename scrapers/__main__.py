from scrapers.cli import main

if __name__ == "__main__":  # not when a multiprocessing child imports the main module
    raise SystemExit(main())
