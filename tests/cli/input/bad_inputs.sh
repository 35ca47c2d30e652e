# Every class of bad input is reported with file:line and the run goes on.
set -e
mkdir in
printf '{"id":"ok1","text":"A fine document about the harbour and the ships in it."}\n' > in/good.jsonl
printf '{"id":"u1","text":"caf\xe9 au lait with an invalid byte"}\n' >> in/good.jsonl
printf '[1,2,3]\n{"id":"x2"}\n{"id":"x3","text":\n{"id":"ok1","text":"again"}\n{"id":"e1","text":"   "}\n' > in/bad.jsonl
printf 'Invalid \xff\xfe bytes in a text file.\n' > in/latin1.txt
printf 'binary\0data\n' > in/blob.txt
: > in/empty.txt
printf '{"id":"g1","text":"gzip document one"}\n{"id":"g2","text":"gzip document two"}\n' | gzip -c > full.gz
head -c 40 full.gz > in/truncated.jsonl.gz
printf '{"id":"z1","text":"zstd document"}\n' | zstd -q -c > full.zst
head -c 20 full.zst > in/truncated.jsonl.zst
python3 -c "import sys; sys.stdout.write('word ' * 10_500_000)" > in/huge.txt
# A 52 MB document is read and scanned under the default --max-doc-bytes (64 MiB) ...
$DOPPEL scan in --quiet --issues issues.jsonl --pairs p.jsonl
echo "exit $?"
cat issues.jsonl
# ... and reported as too_large, not lost, under a smaller limit.
$DOPPEL scan in --quiet --issues issues2.jsonl --max-doc-bytes 1000000 --pairs p2.jsonl
echo "exit $?"
grep too_large issues2.jsonl
