"""Minimal WordNet 3.0 reader over the Debian package's files (apt-get install wordnet-base;
/usr/share/wordnet: index.{noun,verb,adj,adv}, data.*, *.exc), for
tools/proto/synonym_research.py. No third-party modules.

  wn = WordNet()
  wn.lemmas("bought")          -> {("buy", "v"), ...}   (exception lists + suffix rules)
  wn.senses("buy", "v")        -> synset ids ("v02207224", ...) most frequent first
  wn.synset_words("v02207224") -> ["buy", "purchase"]
  wn.hypernyms("n08059870")    -> ["n08058098"]
"""
import os

DIR = "/usr/share/wordnet"
POS = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
# WordNet's morphy suffix rules (detachment rules of morph.c).
RULES = {
    "n": [("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
          ("men", "man"), ("ies", "y")],
    "v": [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"),
          ("ing", "")],
    "a": [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
    "r": [],
}


class WordNet:
    def __init__(self, root=DIR):
        self.index = {}  # (lemma, pos) -> [synset id]
        self.exc = {}    # (form, pos) -> [lemma]
        for p, name in POS.items():
            for l in open(os.path.join(root, "index." + name), encoding="latin-1"):
                if l.startswith(" "):
                    continue
                f = l.split()
                lemma, synset_cnt, p_cnt = f[0], int(f[2]), int(f[3])
                offs = f[4 + p_cnt + 2:]
                assert len(offs) == synset_cnt, l
                self.index[(lemma, p)] = [p + o for o in offs]
            path = os.path.join(root, name + ".exc")
            for l in open(path, encoding="latin-1"):
                f = l.split()
                if len(f) >= 2:
                    self.exc.setdefault((f[0], p), []).extend(f[1:])
        self._data = {}
        self._files = {p: open(os.path.join(root, "data." + name), "rb") for p, name in POS.items()}

    def lemmas(self, word):
        """(lemma, pos) pairs WordNet's morphology finds for a lower-case word form."""
        out = []
        w = word.replace(" ", "_")
        for p in POS:
            cands = []
            if (w, p) in self.index:
                cands.append(w)
            cands.extend(self.exc.get((w, p), []))
            for suf, rep in RULES[p]:
                if w.endswith(suf) and len(w) > len(suf):
                    cands.append(w[: len(w) - len(suf)] + rep)
            seen = set()
            for c in cands:
                if c not in seen and (c, p) in self.index:
                    seen.add(c)
                    out.append((c, p))
        return out

    def senses(self, lemma, pos):
        return self.index.get((lemma, pos), [])

    def _record(self, sid):
        if sid not in self._data:
            p, off = sid[0], int(sid[1:])
            fh = self._files[p]
            fh.seek(off)
            f = fh.readline().decode("latin-1").split(" | ")[0].split()
            w_cnt = int(f[3], 16)
            words = [f[4 + 2 * i].lower() for i in range(w_cnt)]
            words = [w.split("(")[0] for w in words]  # adjective markers like (a), (p)
            k = 4 + 2 * w_cnt
            p_cnt = int(f[k])
            ptrs = []
            for i in range(p_cnt):
                sym, o, ppos = f[k + 1 + 4 * i], f[k + 2 + 4 * i], f[k + 3 + 4 * i]
                ptrs.append((sym, ("a" if ppos == "s" else ppos) + o))
            self._data[sid] = (words, ptrs)
        return self._data[sid]

    def synset_words(self, sid):
        return self._record(sid)[0]

    def pointers(self, sid, symbols):
        return [t for s, t in self._record(sid)[1] if s in symbols]

    def hypernyms(self, sid):
        return self.pointers(sid, ("@", "@i"))
