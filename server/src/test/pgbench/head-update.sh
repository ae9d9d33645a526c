#!/bin/bash
# head-update.sh old|new HELD(0|1) [SECONDS]: the PostgreSQL store's writer transaction in a loop, one client, on a
# schema of its own (pgb_old / pgb_new, made again each run): lock the document's row, two appends of two ops each
# (savepoint, head read, inserts), the head update(s), NOTIFY, commit. old.sql is the code before V13 (an update per
# append, in its savepoint, with updated_at indexed); new.sql is after (one update per batch by the locker, HOT).
# HELD=1 holds another session's REPEATABLE READ snapshot through the run, as a long report, a backup or another
# node's long read would: vacuum and page pruning cannot remove the dead row versions meanwhile.
# docs/benchmarks.md, "Cluster mode: PostgreSQL's cost per op". Needs psql and pgbench; PG="-h HOST -p PORT -U USER".
set -e
v=$1; held=$2; secs=${3:-40}
here=$(cd "$(dirname "$0")" && pwd)
PG=${PG:-"-h 127.0.0.1 -p 5433 -U postgres"}
psql $PG -d test -q -f "$here/setup-$v.sql" 2>/dev/null
if [ "$held" = 1 ]; then
  psql $PG -d test -c 'BEGIN ISOLATION LEVEL REPEATABLE READ' -c 'SELECT count(*) FROM pg_class' \
       -c "SELECT pg_sleep($((secs + 5)))" >/dev/null 2>&1 &
  sleep 1
fi
PGOPTIONS="-c search_path=pgb_$v -c synchronous_commit=off" pgbench $PG -n -c 1 -T "$secs" -P 10 -f "$here/$v.sql" test \
    2>&1 | grep -E "^progress|tps =|latency average"
psql $PG -d test -Atc "SELECT 'documents: updates, HOT, table bytes, index bytes', n_tup_upd, n_tup_hot_upd,
    pg_relation_size('pgb_$v.documents'), pg_indexes_size('pgb_$v.documents')
    FROM pg_stat_user_tables WHERE schemaname = 'pgb_$v' AND relname = 'documents'"
wait
