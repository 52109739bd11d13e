"""The `otsqa` command line: the top of the house. `main.py` builds the parser and turns the project's
errors into messages and exit statuses; each other module is one command (or group) with its own
``register(commands)`` and handler. Nothing below imports this package."""
