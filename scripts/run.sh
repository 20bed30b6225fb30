#!/bin/sh
# scripts/run.sh: installs what is missing, builds iwf (in build/run, no sanitizers) and runs
# iwfd in the foreground on its embedded defaults: CSP over HTTP on 127.0.0.1:8080, store and
# control socket under ./var/ of the source tree. Arguments go to iwfd (e.g. -o log.level=info,
# -c FILE). Ctrl-C stops it.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/deps.sh"
"$top/scripts/build.sh" "$top/build/run"
iwfd="$top/build/run/iwf/iwfd"
iwfctl="$top/build/run/iwf/iwfctl"
impsc="$top/build/run/imps/impsc"
cd "$top"

# Where iwfd will listen, from the effective configuration (this also checks it).
conf=$("$iwfd" --dump-config "$@")
listen=$(echo "$conf" | sed -n 's/^http.listen = //p')
path=$(echo "$conf" | sed -n 's/^http.path = //p')
domain=$(echo "$conf" | sed -n 's/^imps.domain = //p')
port=${listen##*:}
url="http://$listen$path"

# Readiness: poll the port while iwfd (which replaces this shell, same pid) starts up, then
# say where it is and how to try it.
pid=$$
(
	[ "$port" = 0 ] && { echo "(http.listen has port 0: iwfd logs the real endpoint)"; exit 0; }
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 150 ]; do
		# A GET is answered 405 by iwfd itself: proof of life that bothers no CSP code.
		code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" 2>/dev/null || true)
		if [ -n "$code" ] && [ "$code" != 000 ]; then
			echo "CSP endpoint: $url"
			echo "Try it (in another terminal, from $top):"
			echo "  $iwfctl user add harry 'h4rry!'    # wv:harry@$domain"
			echo "  $iwfctl status"
			if [ -x "$impsc" ]; then
				echo "  $impsc -u wv:harry@$domain -p 'h4rry!' $url presence-get wv:harry@$domain"
			fi
			exit 0
		fi
		sleep 0.2
		i=$((i + 1))
	done
) &
exec "$iwfd" "$@"
