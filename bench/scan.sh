#!/bin/sh
# certdiag scan on a generated tree of certificate/key pairs (bench/gen:
# EC P-256 and RSA-2048, three intermediates, 2% expired, 1% with a
# neighbour's key), measured in one run beside:
#   - the openssl CLI loop a user would write for the same checks (per
#     pair: x509 -checkend, pkey/x509 public key compare, verify), on a
#     sample of pairs and extrapolated;
#   - the floor (bench/floor): read each file, decode every block, verify
#     each certificate's signature, nothing else;
#   - certdiag scan --staged in a git repository of the tree, on a commit
#     touching three certificate files.
# Wall time and peak RSS from /usr/bin/time; the --staged time from
# hyperfine. Prints a Markdown report (bench/RESULTS.md is one).
#
# usage: bench/scan.sh [BUILDDIR [PAIRS [SAMPLE]]]   (default . 10000 100)
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$src}" && pwd)
pairs=${2:-10000}
sample=${3:-100}
runs=3
bin=$build/src/certdiag
jobs=$(nproc)
make -s -C "$build" src/certdiag bench/gen bench/floor >/dev/null
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT
tree=$work/tree
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

t0=$(date +%s.%N)
"$build/bench/gen" "$tree" "$pairs" 2>"$work/gen.log"
gen_s=$(echo "$(date +%s.%N) - $t0" | bc)
files=$(find "$tree" -type f | wc -l)
(cd "$tree" && find . -type f | sort) > "$work/list"
(cd "$tree" && xargs cat < "$work/list" > /dev/null)	# warm the page cache

# measure NAME CMD...: median wall time (s), peak RSS (MB), mean CPU (s)
# of $runs runs; the command's output is discarded.
measure() {
	_name=$1; shift
	: > "$work/m"
	_i=0
	while [ $_i -lt $runs ]; do
		/usr/bin/time -f "%e %M %U %S" -o "$work/t" "$@" \
		    >/dev/null 2>&1 </dev/null || true
		tail -1 "$work/t" >> "$work/m"
		_i=$((_i + 1))
	done
	sort -n "$work/m" | awk -v n="$_name" -v r=$runs '
	    { w[NR] = $1; if ($2 > m) m = $2; c += $3 + $4 }
	    END { printf "%s %.3f %.1f %.3f\n", n, w[int((r + 1) / 2)],
	        m / 1024, c / r }' >> "$work/results"
}

cd "$tree"
measure scan "$bin" scan .
measure scan1 "$bin" scan --jobs 1 .
measure floor sh -c "\"$build/bench/floor\" -j $jobs < \"$work/list\""
measure floor1 sh -c "\"$build/bench/floor\" -j 1 < \"$work/list\""

# The openssl CLI loop on the first $sample pairs.
cat ca/intermediate-*.crt > "$work/intermediates.pem"
find . -name '*.crt' -path './svc*' | sort | head -n "$sample" \
    > "$work/sample"
cat > "$work/loop.sh" <<'LOOP'
while read -r crt; do
	key=${crt%.crt}.key
	openssl x509 -checkend 0 -noout -in "$crt" >/dev/null || :
	a=$(openssl x509 -in "$crt" -noout -pubkey)
	b=$(openssl pkey -in "$key" -pubout)
	[ "$a" = "$b" ] || :
	openssl verify -CAfile ca/root.crt -untrusted "$INTERMEDIATES" \
	    "$crt" >/dev/null 2>&1 || :
done
LOOP
runs_saved=$runs
runs=1
INTERMEDIATES=$work/intermediates.pem
export INTERMEDIATES
measure cli sh -c "sh \"$work/loop.sh\" < \"$work/sample\""
runs=$runs_saved

# --staged: the tree as a repository, three certificate files changed
# (each gets its intermediate appended, as when a chain is added).
git init -q .
git -c user.name=bench -c user.email=bench@example.invalid add -A
git -c user.name=bench -c user.email=bench@example.invalid \
    commit -q -m tree --no-verify
for n in 00003 00006 00009; do
	cat ca/intermediate-1.crt >> "svc000/host$n.crt"
	git add "svc000/host$n.crt"
done
hyperfine -N --warmup 3 --runs 30 --export-json "$work/staged.json" \
    "$bin scan --staged" >/dev/null 2>&1 || true
staged_ms=$(jq '.results[0].mean * 1000' "$work/staged.json")
staged_sd=$(jq '.results[0].stddev * 1000' "$work/staged.json")
runs=1
measure staged "$bin" scan --staged
"$bin" scan --staged > "$work/staged.out" 2>&1 || true
"$bin" scan . > "$work/scan.out" 2>&1 || true

load_end=$(cut -d' ' -f1-3 /proc/loadavg)
get() { awk -v n="$1" -v f="$2" '$1 == n { print $f }' "$work/results"; }
ratio() { echo "scale=2; $1 / $2" | bc; }
cli_total=$(echo "scale=1; $(get cli 2) * $pairs / $sample" | bc)

cat <<EOF
# certdiag scan benchmark

$(date -u +%Y-%m-%d), $(nproc) cores ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)), $(openssl version | cut -d' ' -f1-2),
load average at start $load_start, at end $load_end (the machine is shared).
Reproduce: \`bench/scan.sh BUILDDIR $pairs $sample\` (wall time: median of $runs_saved runs).

Tree: $pairs certificate/key pairs (half EC P-256, half RSA-2048), three
intermediates and a root, $files files; generated in ${gen_s%.*} s.
$(cat "$work/gen.log")

| what | wall time | CPU (user+sys) | peak RSS |
|---|---|---|---|
| \`certdiag scan\` ($jobs threads) | $(get scan 2) s | $(get scan 4) s | $(get scan 3) MB |
| \`certdiag scan --jobs 1\` | $(get scan1 2) s | $(get scan1 4) s | $(get scan1 3) MB |
| floor, $jobs threads | $(get floor 2) s | $(get floor 4) s | $(get floor 3) MB |
| floor, 1 thread | $(get floor1 2) s | $(get floor1 4) s | $(get floor1 3) MB |
| openssl CLI loop, $sample pairs measured | $(get cli 2) s | $(get cli 4) s | $(get cli 3) MB |
| openssl CLI loop, $pairs pairs (extrapolated) | $cli_total s | | |
| \`certdiag scan --staged\`, 3 files changed in a $files-file repository | $(printf '%.1f' "$staged_ms") ms ± $(printf '%.1f' "$staged_sd") (hyperfine, 30 runs) | | $(get staged 3) MB |

| target | measured | |
|---|---|---|
| scan within 1.5x of the floor (same threads) | $(ratio "$(get scan 2)" "$(get floor 2)")x wall, $(ratio "$(get scan 4)" "$(get floor 4)")x CPU | |
| scan at least 100x faster than the CLI loop | $(ratio "$cli_total" "$(get scan 2)")x | |
| scan peak RSS under 100 MB | $(get scan 3) MB | |
| \`scan --staged\` under 50 ms | $(printf '%.1f' "$staged_ms") ms | |

Summary line of the scan: \`$(tail -1 "$work/scan.out")\`

Summary line of the --staged scan: \`$(tail -1 "$work/staged.out")\`
EOF
