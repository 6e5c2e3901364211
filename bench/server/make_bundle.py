#!/usr/bin/env python3
"""Writes a synthetic chorus bundle (JSON Lines) for the server benchmark when
the 1,000,000-record store of bench/import is not there: N events, each with
an act, over a pool of sources, reports and places. Nothing in it is real.

Usage: make_bundle.py N OUT.jsonl
"""
import json
import random
import sys

n = int(sys.argv[1])
out = open(sys.argv[2], "w")
rng = random.Random(7)
words = ["defection", "worksite", "dormitory", "beating", "wages", "recall", "passport",
         "forestry", "construction", "restaurant", "escape", "detention", "overtime",
         "Vladivostok", "Tomsk", "Amur", "Kazan", "Novosibirsk", "Khabarovsk", "Moscow"]
out.write(json.dumps({"format": "chorus-bundle", "version": 1}) + "\n")
w = lambda r: out.write(json.dumps(r, ensure_ascii=False) + "\n")
sources = max(1, n // 100)
for i in range(sources):
    w({"kind": "source", "id": f"src-{i}", "pseudonym": f"source {i}", "reliability": "C"})
reports = max(1, n // 10)
for i in range(reports):
    w({"kind": "report", "id": f"rpt-{i}", "title": f"report {i} " + " ".join(rng.sample(words, 3)),
       "source": f"src-{i % sources}", "credibility": 3,
       "text": " ".join(rng.choice(words) for _ in range(12))})
places = max(1, n // 100)
for i in range(places):
    w({"kind": "place", "id": f"plc-{i}", "names": [{"text": f"site {i} {rng.choice(words)}", "language": "en"}],
       "type": "site", "country": "RU", "latitude": 43 + rng.random() * 20, "longitude": 30 + rng.random() * 100})
events = (n - sources - reports - places) // 2
for i in range(events):
    r = f"rpt-{rng.randrange(reports)}"
    month = rng.randrange(1, 13)
    w({"kind": "event", "id": f"evt-{i}", "title": f"event {i} " + " ".join(rng.sample(words, 3)),
       "dates": [{"report": r, "edtf": f"{rng.randrange(2005, 2020)}-{month:02d}"}],
       "places": [{"report": r, "place": f"plc-{rng.randrange(places)}"}], "reports": [r]})
    w({"kind": "act", "id": f"act-{i}", "event": f"evt-{i}", "type": "escape",
       "victim_counts": [{"report": r, "min": rng.randrange(1, 5), "max": rng.randrange(5, 12)}],
       "reports": [r]})
