#!/bin/sh
# Installs the Debian packages iwf needs to build and test, when missing.
# Runs as root on Debian 12; as another user it only reports what is missing.
set -e
PKGS="gcc make autoconf automake pkg-config
 libsofia-sip-ua-dev libxml2-dev libexpat1-dev libcurl4-openssl-dev check
 libmicrohttpd-dev libsqlite3-dev libwbxml2-dev nettle-dev libcrypt-dev
 libxml2-utils libwbxml2-utils sqlite3 curl python3
 kamailio kamailio-presence-modules kamailio-xml-modules kamailio-sqlite-modules
 sip-tester"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "missing Debian packages:$missing (run as root, or apt-get install them)" >&2
	exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# Kamailio's package would start a system service: tests start their own.
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
	chmod +x /usr/sbin/policy-rc.d
	trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
