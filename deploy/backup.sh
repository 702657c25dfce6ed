#!/usr/bin/env bash
# Back up what Policy Networks cannot rebuild: the database, public uploads and private attachments.
#
#   deploy/backup.sh /srv/backups/policy-networks/$(date +%F)
#
# Reads DATABASE_URL, MEDIA_ROOT and PRIVATE_MEDIA_ROOT from the environment (source
# /etc/policy-networks/env first, as the app's user). Writes into the folder it is given:
#   database.dump  pg_dump's custom format (restore with deploy/restore.sh, or pg_restore)
#   media.tar.gz   MEDIA_ROOT        private.tar.gz  PRIVATE_MEDIA_ROOT
# The dump is consistent by itself; copy the folder off the machine (it holds members' data: keep
# it encrypted and access-controlled). Static files, the virtualenv and Redis need no backup.
set -euo pipefail
target=${1:?usage: deploy/backup.sh FOLDER}
: "${DATABASE_URL:?set DATABASE_URL (source /etc/policy-networks/env)}"
: "${MEDIA_ROOT:?set MEDIA_ROOT}" "${PRIVATE_MEDIA_ROOT:?set PRIVATE_MEDIA_ROOT}"
mkdir -p "$target"
umask 077
pg_dump --format=custom --no-owner --no-privileges --file="$target/database.dump" "$DATABASE_URL"
tar -czf "$target/media.tar.gz" -C "$MEDIA_ROOT" .
tar -czf "$target/private.tar.gz" -C "$PRIVATE_MEDIA_ROOT" .
echo "Backed up the database, $MEDIA_ROOT and $PRIVATE_MEDIA_ROOT into $target"
