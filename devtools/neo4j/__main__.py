"""``python -m devtools.neo4j start|stop|status [--home DIR]``."""

from devtools.neo4j.server import main

raise SystemExit(main())
