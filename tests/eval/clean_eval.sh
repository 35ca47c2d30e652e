# Cleaning on METER and BBC: furniture recall, sentences kept (skips when ../shared/data is absent).
if [ ! -d "$DOPPEL_SOURCE_DIR/../shared/data/meter" ]; then echo "SKIP: ../shared/data absent"; exit 77; fi
exec python3 "$DOPPEL_SOURCE_DIR/tools/eval/clean_eval.py" --doppel "$1" --show 0
