# live_lib.sh: loopback servers for the live tests. Source after lib.sh.
# Every server listens on 127.0.0.1 or ::1 on an ephemeral port and is
# stopped (by its pid) when the test exits.
#
#   s_server NAME ARGS...   openssl s_server; sets PORT
#   s_server6 NAME ARGS...  the same on ::1
#   py_server NAME SCRIPT ARGS...  a python3 server that prints
#                           "PORT <n>" once listening; sets PORT
#   free_port               prints a port nothing listens on
#   nginx_start BODY        nginx with BODY in its http block

unset http_proxy HTTP_PROXY https_proxy HTTPS_PROXY no_proxy NO_PROXY

# wait_for FILE REGEX: until a line of FILE matches (5 s at most).
wait_for() {
	for _ in $(seq 100); do
		grep -q -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	echo "Bail out! no '$2' in $1:"
	sed 's/^/# /' "$1"
	exit 1
}

_s_server() {
	_name=$1 _acc=$2; shift 2
	# -www answers HTTP requests and never reads standard input, so the
	# server does not depend on how the test was started.
	openssl s_server -accept "$_acc" -www "$@" </dev/null \
	    >"$TMP/$_name.log" 2>&1 &
	on_exit "kill $!"
	wait_for "$TMP/$_name.log" '^ACCEPT'
	PORT=$(sed -n 's/^ACCEPT .*:\([0-9]*\)$/\1/p' "$TMP/$_name.log")
}
s_server() { _n=$1; shift; _s_server "$_n" 127.0.0.1:0 "$@"; }
s_server6() { _n=$1; shift; _s_server "$_n" '[::1]:0' "$@"; }

py_server() {
	_name=$1; shift
	python3 -u "$@" </dev/null >"$TMP/$_name.log" 2>&1 &
	on_exit "kill $!"
	wait_for "$TMP/$_name.log" '^PORT '
	PORT=$(sed -n 's/^PORT \([0-9]*\)$/\1/p' "$TMP/$_name.log")
}

# nginx_start BODY: nginx in $TMP/nginx (daemon off, one worker, its
# temporary files and logs there) with BODY inside its http block; its
# pid file is $TMP/nginx/nginx.pid, its log $TMP/nginx/logs/error.log;
# stopped when the test exits. Needs $NGINX.
nginx_start() {
	mkdir -p "$TMP/nginx/logs" "$TMP/nginx/tmp"
	cat >"$TMP/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/logs/error.log info;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $TMP/nginx/tmp/body;
	proxy_temp_path $TMP/nginx/tmp/proxy;
	fastcgi_temp_path $TMP/nginx/tmp/fastcgi;
	uwsgi_temp_path $TMP/nginx/tmp/uwsgi;
	scgi_temp_path $TMP/nginx/tmp/scgi;
$1
}
EOF
	"$NGINX" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" \
	    -e "$TMP/nginx/logs/error.log" </dev/null >"$TMP/nginx/out.log" 2>&1 &
	on_exit "kill $!"
	wait_for "$TMP/nginx/logs/error.log" \
	    'start worker process\|using the "epoll"'
	for _ in $(seq 100); do
		[ -s "$TMP/nginx/nginx.pid" ] && break
		sleep 0.05
	done
	[ -s "$TMP/nginx/nginx.pid" ] ||
	    { echo "Bail out! nginx did not start"; exit 1; }
}

# A port that was free a moment ago (bound, then released).
free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# expect_message ID TEXT: the finding's message contains TEXT.
expect_message() {
	expect_json ".findings[] | select(.id == \"$1\") | .message |
	    contains(\"$2\")" "$1 says '$2'"
}

# elapsed_ok SECONDS: the last run took less than SECONDS.
_t0=0
timed_run() {
	_t0=$(date +%s%N)
	run "$@"
	_t1=$(date +%s%N)
	ELAPSED_MS=$(( (_t1 - _t0) / 1000000 ))
}

# A reader that goes away (| head) must not leave servers running.
trap 'exit 141' PIPE

# wait_port PORT: until something accepts on 127.0.0.1:PORT (5 s at most),
# for servers that do not say when they listen. bash's /dev/tcp: no
# interpreter to start for each try.
wait_port() {
	for _ in $(seq 100); do
		bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null && return 0
		sleep 0.05
	done
	echo "Bail out! nothing listens on 127.0.0.1:$1"
	exit 1
}
