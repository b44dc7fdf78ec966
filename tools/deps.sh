#!/bin/sh
# Makes sure what pmgit builds and tests with is installed. On Debian, as
# root, it installs the missing packages with apt-get; otherwise it prints
# the command to run and stops.
set -u
need=""
have_cmd() { command -v "$1" >/dev/null 2>&1; }
have_pc() { have_cmd pkg-config && pkg-config --exists "$1" 2>/dev/null; }

have_cmd cc || have_cmd gcc || need="$need gcc libc6-dev"
have_cmd pkg-config || need="$need pkg-config"
have_pc libgit2 || need="$need libgit2-dev"
have_pc yaml-0.1 || need="$need libyaml-dev"
have_pc libsodium || need="$need libsodium-dev"
have_cmd git || need="$need git"
have_cmd ssh-keygen || need="$need openssh-client"
have_cmd ssh-agent || need="$need openssh-client"
have_cmd python3 || need="$need python3"
[ -e /usr/share/zoneinfo ] || need="$need tzdata"

[ -z "$need" ] && exit 0
# shellcheck disable=SC2086
set -- $(printf '%s\n' $need | sort -u)
cmd="apt-get update && apt-get install -y --no-install-recommends $*"
if [ "$(id -u)" = 0 ] && have_cmd apt-get; then
	echo "pmgit: installing $*"
	DEBIAN_FRONTEND=noninteractive sh -c "$cmd" >/dev/null || {
		echo "pmgit: '$cmd' failed" >&2
		exit 1
	}
	exit 0
fi
echo "pmgit: missing build dependencies: $*" >&2
echo "pmgit: install them with (as root): $cmd" >&2
exit 1
