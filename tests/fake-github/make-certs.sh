#!/bin/sh
# Test certificates for the fake GitHub's HTTPS mode (EC P-256, openssl CLI):
#   ca.pem (+ ca-key.pem), server.pem + server-key.pem (by ca; SAN IP:127.0.0.1, DNS:localhost),
#   other-ca.pem, untrusted.pem + untrusted-key.pem (SAN 127.0.0.1, by other-ca),
#   wronghost.pem + wronghost-key.pem (by ca; SAN DNS:wrong.invalid only).
# Usage: make-certs.sh DIR   (does nothing if all files already exist)
set -eu
dir=${1:?usage: make-certs.sh DIR}
mkdir -p "$dir"
cd "$dir"

all="ca.pem ca-key.pem server.pem server-key.pem other-ca.pem other-ca-key.pem untrusted.pem untrusted-key.pem wronghost.pem wronghost-key.pem"
missing=0
for f in $all; do [ -s "$f" ] || missing=1; done
[ "$missing" = 0 ] && exit 0

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

ca() { # name subject
  key "$1-key.pem"
  openssl req -x509 -new -key "$1-key.pem" -sha256 -days 3650 -subj "/CN=$2" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$1.pem"
}

leaf() { # name issuer san
  key "$1-key.pem"
  openssl req -new -key "$1-key.pem" -subj "/CN=fake-github $1" -out "$1.csr"
  printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' "$3" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2-key.pem" -CAcreateserial -sha256 -days 3650 \
    -extfile "$1.ext" -out "$1.pem" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}

ca ca "fake-github test CA"
ca other-ca "fake-github other CA"
leaf server ca "IP:127.0.0.1,DNS:localhost"
leaf untrusted other-ca "IP:127.0.0.1,DNS:localhost"
leaf wronghost ca "DNS:wrong.invalid"
rm -f ca.srl other-ca.srl
