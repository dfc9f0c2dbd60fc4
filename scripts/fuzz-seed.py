#!/usr/bin/env python3
"""Real data for scripts/fuzz.sh: the demo fan books two of the demo creator's offers and pays
for one (test mode), which leaves notifications and captured e-mails. Writes a schemathesis
configuration whose path parameters and body fields that name a resource take one of these ids
half of the time, so the runs reach the successful answers (and check their schemas), not only
404s.   Usage: fuzz-seed.py BASE_URL OUTPUT_TOML"""
import json
import sys
import urllib.request

base, out = sys.argv[1], sys.argv[2]


def call(method, path, token=None, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, method=method, data=data)
    request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", "Bearer " + token)
    with urllib.request.urlopen(request) as response:
        text = response.read()
        return json.loads(text) if text else None


def token(who):
    body = {"email": f"{who}@callstar.test", "password": "callstar-demo-1"}
    return call("POST", "/api/auth/login", body=body)["accessToken"]


fan, admin = token("fan"), token("admin")
creator = call("GET", "/api/creators?perPage=1")["items"][0]["id"]
offers = [offer["id"] for offer in call("GET", f"/api/creators/{creator}/offers?perPage=100")["items"]]
bookings = [call("POST", "/api/bookings", fan, {"callOfferId": offer})["id"] for offer in offers[:2]]
call("POST", "/api/payments/create-intent", fan, {"bookingId": bookings[0]})
notifications = [n["id"] for n in call("GET", "/api/notifications", fan)["items"]]
emails = [e["id"] for e in call("GET", "/api/admin/emails", admin)["items"]]
jobs = [job["name"] for job in call("GET", "/api/admin/jobs", admin)]
ids = [creator, *offers, *bookings, *notifications, *emails]


def values(items):
    return "[" + ", ".join(json.dumps(item) for item in items) + "]"


with open(out, "w") as f:
    f.write(f"""[dictionaries.ids]
values = {values(ids)}
[dictionaries.bookings]
values = {values(bookings)}
[dictionaries.offers]
values = {values(offers)}
[dictionaries.jobs]
values = {values(jobs)}

[parameters]
"path.id" = {{ dictionary = "ids", probability = 0.5 }}
"path.bookingId" = {{ dictionary = "bookings", probability = 0.5 }}
"path.job" = {{ dictionary = "jobs", probability = 0.5 }}
"query.bookingId" = {{ dictionary = "bookings", probability = 0.5 }}
"body.bookingId" = {{ dictionary = "bookings", probability = 0.5 }}
"body.callOfferId" = {{ dictionary = "offers", probability = 0.5 }}
""")
print(f"    {len(offers)} offers, {len(bookings)} bookings, {len(notifications)} notifications, "
      f"{len(emails)} e-mails, {len(jobs)} jobs")
