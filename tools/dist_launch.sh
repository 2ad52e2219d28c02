#!/usr/bin/env bash
# Usage: bash tools/dist_launch.sh SCRIPT NUM_PROCS [SCRIPT arguments]
# Runs tools/SCRIPT under torchrun on NUM_PROCS processes per node; NNODES, NODE_RANK,
# MASTER_ADDR and PORT set up more nodes. dist_train.sh and dist_test.sh call it.
set -euo pipefail
SCRIPT=$1
NPROC=$2
shift 2
PYTHONPATH="$(dirname "$0")/..:${PYTHONPATH:-}" \
torchrun --nnodes="${NNODES:-1}" --node_rank="${NODE_RANK:-0}" \
    --master_addr="${MASTER_ADDR:-127.0.0.1}" --master_port="${PORT:-29500}" \
    --nproc_per_node="$NPROC" \
    "$(dirname "$0")/$SCRIPT" "$@"
