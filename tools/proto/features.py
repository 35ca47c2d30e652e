"""Content profiles for rewrite / same-story detection (stdlib prototype).

Loads METER + Reuters (and rewrite fixtures), builds per-document features that survive
paraphrase: stemmed content words (Snowball English via libstemmer), named-entity atoms
(capitalised tokens in the original case), numbers, quoted spans, sentences. Caches the
result in a pickle under /tmp so experiments can iterate quickly.
"""
import ctypes
import json
import math
import os
import pickle
import re
import sys
import unicodedata
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.normpath(os.path.join(ROOT, "..", "..", "shared", "data"))
if not os.path.isdir(DATA):
    DATA = os.path.normpath(os.path.join(ROOT, "..", "shared", "data"))

# Snowball English stop list (the one shipped with the Snowball stemmer), plus a few
# contractions' pieces that [^\W_]+ tokenisation produces.
STOPWORDS = set("""
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
she her hers herself it its itself they them their theirs themselves what which who whom
this that these those am is are was were be been being have has had having do does did
doing would should could ought i'm you're he's she's it's we're they're i've you've we've
they've i'd you'd he'd she'd we'd they'd i'll you'll he'll she'll we'll they'll isn't
aren't wasn't weren't hasn't haven't hadn't doesn't don't didn't won't wouldn't shan't
shouldn't can't cannot couldn't mustn't let's that's who's what's here's there's when's
where's why's how's a an the and but if or because as until while of at by for with about
against between into through during before after above below to from up down in out on
off over under again further then once here there when where why how all any both each
few more most other some such no nor not only own same so than too very
s t d ll m re ve can will just said says also mr mrs ms one two
""".split())

WORD_RE = re.compile(r"[^\W_]+")
NUM_RE = re.compile(r"\d+(?:[.,:/]\d+)*")
QUOTE_RE = re.compile(r"(?:``|\"|\u201c)(.+?)(?:''|\"|\u201d)", re.S)
SENT_RE = re.compile(r"(?<=[.!?])[\"'\u201d)]*\s+(?=[\"'\u201c(A-Z0-9])|\n\s*\n")


class Stemmer:
    def __init__(self):
        lib = ctypes.CDLL("libstemmer.so.0d")
        lib.sb_stemmer_new.restype = ctypes.c_void_p
        lib.sb_stemmer_new.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
        lib.sb_stemmer_stem.restype = ctypes.POINTER(ctypes.c_char)
        lib.sb_stemmer_stem.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        lib.sb_stemmer_length.restype = ctypes.c_int
        lib.sb_stemmer_length.argtypes = [ctypes.c_void_p]
        self.lib = lib
        self.st = lib.sb_stemmer_new(b"english", b"UTF_8")
        self.cache = {}

    def __call__(self, w):
        s = self.cache.get(w)
        if s is None:
            b = w.encode()
            p = self.lib.sb_stemmer_stem(self.st, b, len(b))
            n = self.lib.sb_stemmer_length(self.st)
            s = ctypes.string_at(p, n).decode()
            self.cache[w] = s
        return s


def clean_text(t):
    # Minimal wire-furniture handling for the prototype: control bytes and trailing '<'.
    t = "".join(ch if (ch in "\n\t" or unicodedata.category(ch)[0] != "C") else " " for ch in t)
    t = re.sub(r"<\s*$", "", t, flags=re.M)
    t = t.replace("``", "\"").replace("''", "\"")
    return t


def split_sentences(t):
    out = []
    for s in SENT_RE.split(t):
        s = s.strip()
        if s:
            out.append(s)
    return out


def profile(text, stem):
    t = clean_text(text)
    sents = split_sentences(t)
    words = []        # (lower, stem, is_content)
    ents = Counter()
    nums = Counter()
    sent_stems = []   # per sentence list of content stems
    for s in sents:
        toks = WORD_RE.findall(s)
        # a line of mostly upper-case letters is a headline / slug: no entity evidence
        letters = [c for c in s if c.isalpha()]
        caps_line = letters and sum(c.isupper() for c in letters) > 0.6 * len(letters)
        ss = []
        for i, w in enumerate(toks):
            lw = w.lower()
            if lw in STOPWORDS:
                continue
            if w.isdigit():
                continue
            st = stem(lw)
            ss.append(st)
            if not caps_line and w[0].isupper() and i > 0:
                ents[lw] += 1
        sent_stems.append(ss)
    for m in NUM_RE.finditer(t):
        nums[m.group(0).replace(",", "")] += 1
    # quotations: spans between quote marks; stems inside quotes
    quoted = set()
    t_noq = QUOTE_RE.sub(lambda m: (quoted.update(m.span()) or " | "), t)
    q_stems = Counter()
    for m in QUOTE_RE.finditer(t):
        for w in WORD_RE.findall(m.group(1)):
            lw = w.lower()
            if lw not in STOPWORDS and not w.isdigit():
                q_stems[stem(lw)] += 1
    # content bigrams outside quotations (adjacent content words within a clause)
    bigrams = Counter()
    for chunk in re.split(r"[|.;:!?\n]", t_noq):
        toks = [stem(w.lower()) for w in WORD_RE.findall(chunk)
                if w.lower() not in STOPWORDS and not w.isdigit()]
        for a, b in zip(toks, toks[1:]):
            bigrams[a + " " + b] += 1
    tf = Counter()
    for ss in sent_stems:
        tf.update(ss)
    # narrative: content stems outside quotations, per sentence
    nq_sents = []
    for s in split_sentences(t_noq):
        nq_sents.append([stem(w.lower()) for w in WORD_RE.findall(s)
                         if w.lower() not in STOPWORDS and not w.isdigit()])
    nq_tf = Counter()
    for ss in nq_sents:
        nq_tf.update(ss)
    ntok = len(WORD_RE.findall(t))
    return {"tf": tf, "ents": ents, "nums": nums, "q": q_stems, "bi": bigrams,
            "sents": sent_stems, "ntok": ntok,
            "nq_tf": nq_tf, "nq_sents": nq_sents}


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def load_corpus(with_reuters=True):
    cache = "/tmp/doppel_proto_%s.pkl" % ("mr" if with_reuters else "m")
    if os.path.exists(cache):
        with open(cache, "rb") as f:
            return pickle.load(f)
    meter = os.path.join(DATA, "meter", "docs.jsonl")
    if not os.path.exists(meter):
        print("skip: %s not found" % meter)
        sys.exit(0)
    docs = load_jsonl(meter)
    if with_reuters:
        docs += load_jsonl(os.path.join(DATA, "reuters21578", "docs.jsonl"))
    stem = Stemmer()
    ids = [d["id"] for d in docs]
    groups = [d.get("group") if d["id"].startswith("meter:") else None for d in docs]
    profs = [profile(d["text"], stem) for d in docs]
    pairs = load_jsonl(os.path.join(DATA, "meter", "pairs.jsonl"))
    out = {"ids": ids, "groups": groups, "profs": profs, "pairs": pairs}
    with open(cache, "wb") as f:
        pickle.dump(out, f)
    return out


def idf_table(profs):
    df = Counter()
    for p in profs:
        df.update(p["tf"].keys())
    n = len(profs)
    return {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}, df


def tfidf(tf, idf):
    v = {t: (1 + math.log(c)) * idf[t] for t, c in tf.items()}
    norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
    return {t: x / norm for t, x in v.items()}


def cos(u, v):
    if len(u) > len(v):
        u, v = v, u
    return sum(x * v.get(t, 0.0) for t, x in u.items())


def story_neighbours(vec, threshold):
    """For every id of vec: the other ids whose cosine with it is at least threshold."""
    ids = sorted(vec)
    nb = {x: set() for x in ids}
    for x in ids:
        for y in ids:
            if x != y and cos(vec[x], vec[y]) >= threshold:
                nb[x].add(y)
    return nb


if __name__ == "__main__":
    import time
    t0 = time.time()
    c = load_corpus(True)
    print(len(c["ids"]), "docs", time.time() - t0, "s")

