#!/usr/bin/env bash
# The production topology on this machine, from the files in deploy/, with production settings:
# nginx (the machine's package, TLS with a throwaway certificate) in front of two app processes
# (daphne), the task worker, the scheduler, PostgreSQL and Redis (throwaway ones, on free ports),
# and an SMTP sink (aiosmtpd) that keeps every email the worker sends.
#
#   deploy/local.sh run [DIR]    start everything, print the URL, stop it all on Ctrl-C (make production-local)
#   deploy/local.sh up DIR       start everything in DIR and return (DIR/env says where things are)
#   deploy/local.sh down DIR     stop everything `up` started in DIR, by the process ids it kept
#
# Needs: nginx, postgresql, redis-server, openssl (apt-get install -y nginx postgresql redis-server
# openssl) and the project's .venv (make install). Nothing outside DIR is written or stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=$ROOT/.venv/bin/python
DAPHNE=$ROOT/.venv/bin/daphne
APP_PROCESSES=${APP_PROCESSES:-2}

free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
# PostgreSQL will not run as root: the throwaway cluster belongs to the postgres user then.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
wait_for_port() {
  for _ in $(seq 1 "${2:-120}"); do
    if "$PY" -c "import socket, sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])), 1)" "$1" 2>/dev/null; then return 0; fi
    sleep 0.5
  done
  echo "nothing answered on port $1" >&2; return 1
}
start() {  # start NAME COMMAND...: in the background, its pid kept in $DIR/pids/NAME.pid, output in $DIR/logs/NAME.log
  local name=$1; shift
  setsid "$@" >"$DIR/logs/$name.log" 2>&1 < /dev/null &
  echo $! >"$DIR/pids/$name.pid"
}

up() {
  DIR=$1
  mkdir -p "$DIR"/{pids,logs,media,private,var,static,tls}  # mail/: the sink makes its Maildir
  DIR=$(cd "$DIR" && pwd)
  chmod 755 "$DIR"
  for tool in nginx redis-server openssl; do command -v $tool >/dev/null || { echo "$tool is missing (apt-get install -y $tool)" >&2; exit 1; }; done
  [ -n "$(pg_bin)" ] || { echo "PostgreSQL is missing (apt-get install -y postgresql)" >&2; exit 1; }
  [ -x "$PY" ] || { echo "no .venv: run make install first" >&2; exit 1; }

  local pg_port redis_port smtp_port http_port https_port
  pg_port=$(free_port); redis_port=$(free_port); smtp_port=$(free_port); http_port=$(free_port); https_port=$(free_port)
  local app_ports=() port
  for _ in $(seq 1 "$APP_PROCESSES"); do app_ports+=("$(free_port)"); done

  echo "== PostgreSQL on $pg_port"
  # The cluster lives where the postgres user can reach it, whatever DIR's parents allow.
  local pg_dir
  pg_dir=$(mktemp -d /tmp/policy-networks-pg.XXXXXX)
  chmod 755 "$pg_dir"
  [ "$(id -u)" = 0 ] && chown postgres "$pg_dir"
  echo "$pg_dir" >"$DIR/pids/postgres.dir"
  as_pg "$(pg_bin)/initdb" -D "$pg_dir/data" -U networks --auth=trust >"$DIR/logs/initdb.log"
  as_pg "$(pg_bin)/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/postgres.log" -w \
    -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1" start >/dev/null
  echo "$pg_port" >"$DIR/pids/postgres.port"
  as_pg "$(pg_bin)/createdb" -h 127.0.0.1 -p "$pg_port" -U networks networks

  echo "== Redis on $redis_port"
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --pidfile "$DIR/pids/redis.pid" --logfile "$DIR/logs/redis.log"
  echo "$redis_port" >"$DIR/pids/redis.port"

  echo "== SMTP sink on $smtp_port (every email lands in $DIR/mail)"
  start smtp "$PY" -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox "$DIR/mail"

  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
    -keyout "$DIR/tls/privkey.pem" -out "$DIR/tls/fullchain.pem" 2>/dev/null

  # The app's environment: production settings, as deploy/env.example describes them.
  cat >"$DIR/env" <<ENV
DJANGO_SETTINGS_MODULE=networksite.settings.production
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
SITE_URL=https://127.0.0.1:$https_port
DATABASE_URL=postgres://networks@127.0.0.1:$pg_port/networks
REDIS_URL=redis://127.0.0.1:$redis_port/0
EMAIL_HOST=127.0.0.1
EMAIL_PORT=$smtp_port
EMAIL_USE_TLS=0
MEDIA_ROOT=$DIR/media
PRIVATE_MEDIA_ROOT=$DIR/private
PRIVATE_MEDIA_ACCEL_REDIRECT=/_private/
MEDIA_ACCEL_REDIRECT=/_media/
STATIC_ROOT=$DIR/static
VAR_DIR=$DIR/var
SCHEDULER_TICK_SECONDS=2
LOG_LEVEL=WARNING
HTTPS_PORT=$https_port
HTTP_PORT=$http_port
APP_PORTS="${app_ports[*]}"
MAIL_DIR=$DIR/mail
TLS_CERTIFICATE=$DIR/tls/fullchain.pem
ENV
  set -a; . "$DIR/env"; set +a

  echo "== migrate, collectstatic"
  "$PY" manage.py migrate --noinput -v0
  "$PY" manage.py collectstatic --noinput -v0

  echo "== app processes on ${app_ports[*]}, the worker, the scheduler (as deploy/systemd/ runs them)"
  for port in "${app_ports[@]}"; do
    start "app-$port" "$DAPHNE" -b 127.0.0.1 -p "$port" --proxy-headers --no-server-name networksite.asgi:application
  done
  start worker "$PY" manage.py db_worker --no-reload
  start scheduler "$PY" manage.py run_scheduled_jobs
  for port in "${app_ports[@]}"; do wait_for_port "$port"; done

  echo "== nginx on $http_port and $https_port (deploy/nginx/policy-networks.conf.template)"
  local servers=""
  for port in "${app_ports[@]}"; do servers+="server 127.0.0.1:$port; "; done
  SERVER_NAME=127.0.0.1 APP_SERVERS="$servers" TLS_CERTIFICATE_KEY="$DIR/tls/privkey.pem" \
    NGINX_CLIENT_MAX_BODY="${REQUEST_MAX_BYTES:-$(( ${SUBMISSION_ATTACHMENT_MAX_BYTES:-10485760} + 1048576 ))}" \
    envsubst '$SERVER_NAME $SITE_URL $APP_SERVERS $HTTP_PORT $HTTPS_PORT $TLS_CERTIFICATE $TLS_CERTIFICATE_KEY $MEDIA_ROOT $PRIVATE_MEDIA_ROOT $NGINX_CLIENT_MAX_BODY' \
    <deploy/nginx/policy-networks.conf.template >"$DIR/policy-networks.conf"
  mkdir -p "$DIR/nginx"
  # The machine's nginx, without its system service: only what a site file needs around it.
  local user_line=""
  # Started by root, nginx's workers would read DIR as "nobody", which DIR's parents may not let in.
  [ "$(id -u)" = 0 ] && user_line="user root;"
  cat >"$DIR/nginx.conf" <<NGINX
$user_line
worker_processes 1;
pid $DIR/pids/nginx.pid;
error_log $DIR/logs/nginx-error.log;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $DIR/logs/nginx-access.log;
    client_body_temp_path $DIR/nginx/body;
    proxy_temp_path $DIR/nginx/proxy;
    fastcgi_temp_path $DIR/nginx/fastcgi;
    uwsgi_temp_path $DIR/nginx/uwsgi;
    scgi_temp_path $DIR/nginx/scgi;
    include $DIR/policy-networks.conf;
}
NGINX
  nginx -t -q -c "$DIR/nginx.conf" -e "$DIR/logs/nginx-error.log"
  nginx -c "$DIR/nginx.conf" -e "$DIR/logs/nginx-error.log"
  wait_for_port "$https_port"
  echo "== running: $SITE_URL/ (self-signed certificate: $DIR/tls/fullchain.pem)"
}

down() {
  DIR=$(cd "$1" && pwd)
  if [ -f "$DIR/pids/nginx.pid" ]; then kill "$(cat "$DIR/pids/nginx.pid")" 2>/dev/null || true; fi
  for pidfile in "$DIR"/pids/app-*.pid "$DIR/pids/worker.pid" "$DIR/pids/scheduler.pid" "$DIR/pids/smtp.pid"; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  done
  for pidfile in "$DIR"/pids/*.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  done
  if [ -f "$DIR/pids/redis.port" ]; then
    redis-cli -p "$(cat "$DIR/pids/redis.port")" shutdown nosave >/dev/null 2>&1 || true
  fi
  if [ -f "$DIR/pids/postgres.dir" ]; then
    local pg_dir
    pg_dir=$(cat "$DIR/pids/postgres.dir")
    if [ -f "$pg_dir/data/postmaster.pid" ]; then
      as_pg "$(pg_bin)/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null || true
    fi
    cp "$pg_dir/postgres.log" "$DIR/logs/postgres.log" 2>/dev/null || true
    rm -rf "$pg_dir"
  fi
  echo "== stopped everything started in $DIR"
}

case "${1:-}" in
  up) up "${2:?usage: deploy/local.sh up DIR}" ;;
  down) down "${2:?usage: deploy/local.sh down DIR}" ;;
  run)
    dir=${2:-$(mktemp -d /tmp/policy-networks-local.XXXXXX)}
    trap 'down "$dir"' EXIT
    trap 'exit 0' INT TERM
    up "$dir"
    echo "Ctrl-C stops everything."
    while true; do sleep 3600; done
    ;;
  *) sed -n '2,14p' "$0"; exit 2 ;;
esac
