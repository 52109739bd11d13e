"""The web app (Gradio chat, JSON API and embeddable widget) arrives with the web issue.

Until then this entry point says so instead of pretending; `otsqa status` shows what is ingested.
"""

import sys


def main() -> int:
    print("The web app is not built yet; run `otsqa ingest` and `otsqa status` for now.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
