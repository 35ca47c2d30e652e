# Chinese and Japanese copies (tests/fixtures/cjk, README there): with each ideograph and
# kana a word, the copy with one sentence changed is a near duplicate, the first half of
# the text under another headline a partial copy (not a rewrite), and the unrelated
# Chinese text pairs with nothing. Same output for 1 and 2 threads.
set -e
for t in 1 2; do
  $DOPPEL scan "$FIXTURES/cjk" --quiet --threads $t --pairs p$t.jsonl --clusters c$t.jsonl
done
cmp p1.jsonl p2.jsonl && cmp c1.jsonl c2.jsonl
cat p1.jsonl c1.jsonl
