"""Never imported without consent: importing it would end the run green."""

raise SystemExit(0)
