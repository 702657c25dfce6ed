#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into an EMPTY database and empty media folders.
#
#   deploy/restore.sh /srv/backups/policy-networks/2026-06-01
#
# Reads DATABASE_URL, MEDIA_ROOT and PRIVATE_MEDIA_ROOT from the environment, like backup.sh.
# Stop the app processes, the worker and the scheduler first (systemctl stop policy-networks.target),
# create the empty database (createdb -O networks networks), run this, then start them again:
# `manage.py migrate` afterwards applies any migration newer than the backup.
set -euo pipefail
source=${1:?usage: deploy/restore.sh FOLDER}
: "${DATABASE_URL:?set DATABASE_URL (source /etc/policy-networks/env)}"
: "${MEDIA_ROOT:?set MEDIA_ROOT}" "${PRIVATE_MEDIA_ROOT:?set PRIVATE_MEDIA_ROOT}"
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" "$source/database.dump"
mkdir -p "$MEDIA_ROOT" "$PRIVATE_MEDIA_ROOT"
tar -xzf "$source/media.tar.gz" -C "$MEDIA_ROOT"
tar -xzf "$source/private.tar.gz" -C "$PRIVATE_MEDIA_ROOT"
echo "Restored $source into the database, $MEDIA_ROOT and $PRIVATE_MEDIA_ROOT"
