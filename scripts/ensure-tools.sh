# Sourced by test.sh: installs the Debian packages the integration tests start (redis-server, nginx,
# postgresql) when they are missing and apt-get is usable. Never fails the run itself: a test that needs a
# missing tool fails with its own clear message.
_sb_apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 0
  [ "$(id -u)" = "0" ] || { command -v sudo >/dev/null 2>&1 && SUDO=sudo || return 0; }
  ${SUDO:-} apt-get install -y -qq "$@" >/dev/null 2>&1 \
    || { ${SUDO:-} apt-get update -qq >/dev/null 2>&1 && ${SUDO:-} apt-get install -y -qq "$@" >/dev/null 2>&1; } \
    || echo "note: could not install $* with apt-get; tests that need it will say so" >&2
}
if ! command -v redis-server >/dev/null 2>&1; then
  echo "== installing redis-server (integration tests start one on 127.0.0.1)"
  _sb_apt_install redis-server
fi
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  echo "== installing nginx (the cluster tests put it in front of 3 instances on 127.0.0.1)"
  _sb_apt_install nginx
fi
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  echo "== installing postgresql (the registry tests start a throwaway cluster on 127.0.0.1)"
  _sb_apt_install postgresql
fi
