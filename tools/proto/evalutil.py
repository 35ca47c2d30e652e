"""METER story-cluster scoring shared by the prototypes."""
from collections import Counter, defaultdict

SAME = {"pa_newspaper_same_story", "newspaper_same_story", "pa_same_story"}


def score(ids, groups, labels, pairs):
    """labels[i] = cluster id (singletons: unique). Returns dict of P, R, F1, attach."""
    pos = {i: k for k, i in enumerate(ids)}
    tp = fp = fn = tn = 0
    by_label = Counter()
    for p in pairs:
        a, b = pos[p["a"]], pos[p["b"]]
        same_pred = labels[a] == labels[b]
        truth = p["label"] in SAME
        if truth and same_pred:
            tp += 1
        elif truth:
            fn += 1
            by_label[p["label"]] += 1
        elif same_pred:
            fp += 1
        else:
            tn += 1
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    meter_clusters = set(labels[i] for i, g in enumerate(groups) if g is not None)
    attach = sum(1 for i, g in enumerate(groups) if g is None and labels[i] in meter_clusters)
    # story purity info: METER clusters containing >1 story
    members = defaultdict(set)
    for i, g in enumerate(groups):
        if g is not None:
            members[labels[i]].add(g)
    merged = sum(1 for s in members.values() if len(s) > 1)
    return {"P": prec, "R": rec, "F1": f1, "attach": attach, "fn_by": dict(by_label),
            "fp": fp, "mixed_clusters": merged}


def fmt(s):
    return "F1 %.4f P %.4f R %.4f attach %d fp %d mixed %d fn %s" % (
        s["F1"], s["P"], s["R"], s["attach"], s["fp"], s["mixed_clusters"], s["fn_by"])


class UF:
    def __init__(self, n):
        self.p = list(range(n))

    def find(self, x):
        while self.p[x] != x:
            self.p[x] = self.p[self.p[x]]
            x = self.p[x]
        return x

    def union(self, a, b):
        a, b = self.find(a), self.find(b)
        if a != b:
            if a < b:
                self.p[b] = a
            else:
                self.p[a] = b
            return True
        return False
