# Reuters exact pairs and BBC cluster spot-check (skips when ../shared/data is absent).
exec python3 "$DOPPEL_SOURCE_DIR/tools/eval/near_eval.py" --doppel "$1" --quiet
