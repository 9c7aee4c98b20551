# certbot_tree.sh: builds a certbot configuration folder the way certbot
# lays it out (renewal/NAME.conf, archive/NAME/*N.pem, live/NAME/*.pem as
# relative links into archive/), with four lineages:
#   good.test      current certificate, links in place
#   expired.test   its certificate expired 10 days ago
#   stale.test     renewed (cert2, privkey2) but fullchain.pem still links
#                  to fullchain1: the old leaf, which the new key does not
#                  match -- what nginx would refuse to load
#   dangling.test  live/ without archive/: every link leads nowhere
# Source after lib.sh (needs pki.sh):  certbot_tree DIR CA-BASE
# CA-BASE: an issuing CA's BASE.pem / BASE.key.

_certbot_links() { # ROOT NAME N-for-cert N-for-fullchain N-for-privkey
	mkdir -p "$1/live/$2"
	ln -s "../../archive/$2/cert$3.pem" "$1/live/$2/cert.pem"
	ln -s "../../archive/$2/chain$3.pem" "$1/live/$2/chain.pem"
	ln -s "../../archive/$2/fullchain$4.pem" "$1/live/$2/fullchain.pem"
	ln -s "../../archive/$2/privkey$5.pem" "$1/live/$2/privkey.pem"
}

_certbot_version() { # ROOT NAME N CA-BASE [pki_cert options...]
	# cb_ names: pki_cert uses _-prefixed globals of its own.
	cb_a=$1/archive/$2 cb_v=$3 cb_n=$2 cb_ca=$4
	shift 4
	mkdir -p "$cb_a"
	pki_cert "$cb_a/leaf$cb_v" --issuer "$cb_ca" --san "DNS:$cb_n" \
	    --subject "/CN=$cb_n" "$@"
	mv "$cb_a/leaf$cb_v.pem" "$cb_a/cert$cb_v.pem"
	mv "$cb_a/leaf$cb_v.key" "$cb_a/privkey$cb_v.pem"
	cp "$cb_ca.pem" "$cb_a/chain$cb_v.pem"
	cat "$cb_a/cert$cb_v.pem" "$cb_a/chain$cb_v.pem" \
	    >"$cb_a/fullchain$cb_v.pem"
}

_certbot_conf() { # ROOT NAME: paths as on the original machine
	mkdir -p "$1/renewal"
	cat >"$1/renewal/$2.conf" <<CONF
# renew_before_expiry = 30 days
version = 2.11.0
archive_dir = /etc/letsencrypt/archive/$2
cert = /etc/letsencrypt/live/$2/cert.pem
privkey = /etc/letsencrypt/live/$2/privkey.pem
chain = /etc/letsencrypt/live/$2/chain.pem
fullchain = /etc/letsencrypt/live/$2/fullchain.pem

[renewalparams]
account = 0123456789abcdef
authenticator = webroot
server = https://acme-v02.api.letsencrypt.org/directory
CONF
}

certbot_tree() { # DIR CA-BASE
	mkdir -p "$1/live" "$1/archive" "$1/renewal"
	_certbot_version "$1" good.test 1 "$2" --from -10 --to 80
	_certbot_links "$1" good.test 1 1 1
	_certbot_conf "$1" good.test
	_certbot_version "$1" expired.test 1 "$2" --from -100 --to -10
	_certbot_links "$1" expired.test 1 1 1
	_certbot_conf "$1" expired.test
	_certbot_version "$1" stale.test 1 "$2" --from -80 --to 10
	_certbot_version "$1" stale.test 2 "$2" --from -1 --to 89
	_certbot_links "$1" stale.test 2 1 2
	_certbot_conf "$1" stale.test
	_certbot_links "$1" dangling.test 1 1 1
	_certbot_conf "$1" dangling.test
}
