# Sourced by the scripts: exports RASA_TOKEN and ACTION_SERVER_TOKEN from the environment or from
# var/secrets.env, creating random ones (readable only by this user) on first use.
secrets_file="${SECRETS_FILE:-var/secrets.env}"
if [ -z "${RASA_TOKEN:-}" ] || [ -z "${ACTION_SERVER_TOKEN:-}" ]; then
  if [ ! -f "$secrets_file" ]; then
    mkdir -p "$(dirname "$secrets_file")"
    (umask 077; {
      echo "RASA_TOKEN=$(head -c 32 /dev/urandom | base64 | tr -d '/+=' | head -c 40)"
      echo "ACTION_SERVER_TOKEN=$(head -c 32 /dev/urandom | base64 | tr -d '/+=' | head -c 40)"
    } > "$secrets_file")
  fi
  set -a; source "$secrets_file"; set +a
fi
