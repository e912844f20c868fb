"""The floor under `/ping`: a bare Flask app with one route, served the same way (bench only).

`/ping` of the real app runs the same framework plus our middleware (hooks, security
headers); the ratio between the two is what that middleware costs on every request.
"""

from flask import Flask, Response

app = Flask(__name__)


@app.get("/ping")
def ping():
    return Response("ok", mimetype="text/plain")
