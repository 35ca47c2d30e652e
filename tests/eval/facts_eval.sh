# Changed-fact flags on the labelled rewrite fixtures (no shared data needed). A regression
# floor, not a target: fails when holdout recall drops below 0.6 or precision below 0.7
# (measured: recall 0.77, precision 0.79 in session 5; fit 0.94 / 0.73).
out=$(python3 "$DOPPEL_SOURCE_DIR/tools/eval/facts_eval.py" --doppel "$1") || exit 1
echo "$out"
echo "$out" | awk '
  /^== holdout/ { holdout = 1 }
  holdout && $1 == "ALL" { recall = $4; precision = $8; found = 1 }
  END {
    if (!found) { print "no holdout ALL line"; exit 1 }
    printf "holdout recall %s (floor 0.6), precision %s (floor 0.7)\n", recall, precision
    exit !(recall >= 0.6 && precision >= 0.7)
  }'
