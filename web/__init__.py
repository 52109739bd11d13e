"""The web layer: the Gradio chat, the JSON API, the embeddable widget and the access rules that
guard them. `web/server.py` puts them together; nothing here reads settings at import time."""
