import sys, time
import evalutil as E
import cluster as CL
CL.TRUNC = int(sys.argv[1])
link = sys.argv[2]
tms = [float(x) for x in sys.argv[3].split(",")]
tls = [float(x) for x in sys.argv[4].split(",")]
K = int(sys.argv[5]) if len(sys.argv) > 5 else 12
CAP = int(sys.argv[6]) if len(sys.argv) > 6 else 100
c, vecs, edges = CL.load_edges(K, CAP)
n = len(vecs)
for tm in tms:
    for tl in tls:
        t0 = time.time()
        e2 = {p: s for p, s in edges.items() if s >= min(tm, tl)}
        lab = CL.upgma(n, vecs, e2, tm, link=link, t_leaf=tl)
        print("%s merge %.2f leaf %.2f" % (link, tm, tl), E.fmt(E.score(c["ids"], c["groups"], lab, c["pairs"])),
              "%.0fs" % (time.time() - t0), flush=True)
