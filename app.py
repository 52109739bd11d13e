"""Launch the web app: `python app.py [--host 127.0.0.1] [--port 7860]` is `otsqa serve`.

The app itself is assembled by `web.server.build_app` (re-exported here); the command line, its
options and its errors are `cli`'s: this file only hands over to it.
"""

import sys

from cli.main import main
from web.server import build_app

__all__ = ["build_app"]

if __name__ == "__main__":
    sys.exit(main(["serve", *sys.argv[1:]]))
