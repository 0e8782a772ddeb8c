from scrapers.cli import main

raise SystemExit(main())
