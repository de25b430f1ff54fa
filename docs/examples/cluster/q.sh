#!/usr/bin/env bash
# q.sh PORT METHOD PATH [BODY]: a SigV4-signed request to a local Vellum node
port=$1; method=$2; path=$3; body=${4:-}
args=(-sS --aws-sigv4 "aws:amz:us-east-1:qldb" --user "$VELLUM_ACCESS_KEY_ID:$VELLUM_SECRET_ACCESS_KEY" -X "$method")
[[ -n $body ]] && args+=(-H 'Content-Type: application/json' --data "$body")
curl "${args[@]}" "http://127.0.0.1:$port$path"; echo
