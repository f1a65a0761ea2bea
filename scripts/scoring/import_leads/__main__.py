"""``python -m scoring.import_leads [FOLDER]``: re-create the example lead table (default
examples/lead_table)."""

import sys
from pathlib import Path

from scoring.import_leads.example import write_example

target = Path(sys.argv[1] if len(sys.argv) > 1 else "examples/lead_table")
print(f"{write_example(target):,} leads written to {target / 'leads.csv'}")
