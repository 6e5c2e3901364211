#!/usr/bin/env python3
"""Writes a JSON Lines bundle for timing `chorus estimate --store`.

A population of PEOPLE victims (default 50,000) over ten yearly executions;
four independent lists (src-a .. src-d) record each victim with probability
0.30, 0.25, 0.20 and 0.35 through the person's own reports. Victims no list
recorded are not written, so the true N is PEOPLE and about 72.7% of it is
observed. Usage: store_lists_bundle.py OUT.jsonl [PEOPLE] [SEED]
(docs/PERFORMANCE.md, "Estimation from the store").
"""
import json
import random
import sys


def main() -> None:
    out_path = sys.argv[1]
    people = int(sys.argv[2]) if len(sys.argv) > 2 else 50000
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
    lists = (("a", 0.30), ("b", 0.25), ("c", 0.20), ("d", 0.35))
    records = []
    for name, _ in lists:
        records.append({"kind": "source", "id": "src-" + name, "pseudonym": "List " + name,
                        "reliability": "B"})
        records.append({"kind": "report", "id": "rpt-" + name, "title": "List " + name,
                        "source": "src-" + name})
    records.append({"kind": "place", "id": "plc-kp", "names": [{"text": "KP", "language": "en"}],
                    "type": "country", "country": "KP"})
    for year in range(2010, 2020):
        records.append({"kind": "event", "id": f"evt-{year}", "title": str(year),
                        "dates": [{"report": "rpt-a", "edtf": str(year)}],
                        "places": [{"report": "rpt-a", "place": "plc-kp"}]})
        records.append({"kind": "act", "id": f"act-{year}", "event": f"evt-{year}",
                        "type": "execution"})
    for person_idx in range(people):
        own = ["rpt-" + name for name, p in lists if rng.random() < p]
        if not own:
            continue
        person_id = f"per-{person_idx}"
        records.append({"kind": "person", "id": person_id, "pseudonym": person_id,
                        "reports": own})
        records.append({"kind": "involvement", "id": "inv-" + person_id,
                        "act": f"act-{2010 + person_idx % 10}", "role": "victim",
                        "person": person_id, "reports": []})
    with open(out_path, "w", encoding="utf-8") as out:
        out.write('{"format":"chorus-bundle","version":1}\n')
        for record in records:
            out.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
