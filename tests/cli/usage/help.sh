# --help teaches: every flag group is there, with examples.
$DOPPEL scan --help | grep -E -c 'Examples:|--pairs|--clusters|--threads|--strict|--mode|--id-field'
