/* Unit tests of the live handshake's pure parts: target parsing, the
 * STARTTLS reply parser, alert names, and the findings live_judge draws
 * from a recorded handshake. The network itself is tested by
 * tests/test_live*.sh against real servers on loopback. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <openssl/ocsp.h>
#include <openssl/ssl.h>

#include "finding.h"
#include "inventory.h"
#include "live/aia_fetch.h"
#include "live/aia_net.h"
#include "live/live.h"
#include "live/live_priv.h"
#include "live/live_starttls.h"
#include "pki.h"

static const struct {
	const char *spec, *servername, *first_host;
	enum starttls st;
	bool ok;
	const char *host, *port, *sni, *label;
} targets[] = {
	{ "example.com", NULL, NULL, STARTTLS_NONE, true,
	    "example.com", "443", "example.com", "tls://example.com:443" },
	{ "example.com:8443", NULL, NULL, STARTTLS_NONE, true,
	    "example.com", "8443", "example.com", "tls://example.com:8443" },
	{ "mail.example.com", NULL, NULL, STARTTLS_SMTP, true,
	    "mail.example.com", "25", "mail.example.com",
	    "smtp://mail.example.com:25" },
	{ "mail.example.com:587", NULL, NULL, STARTTLS_SMTP, true,
	    "mail.example.com", "587", "mail.example.com",
	    "smtp://mail.example.com:587" },
	{ "imap.test", NULL, NULL, STARTTLS_IMAP, true,
	    "imap.test", "143", "imap.test", "imap://imap.test:143" },
	{ "pop.test", NULL, NULL, STARTTLS_POP3, true,
	    "pop.test", "110", "pop.test", "pop3://pop.test:110" },
	{ "ftp.test", NULL, NULL, STARTTLS_FTP, true,
	    "ftp.test", "21", "ftp.test", "ftp://ftp.test:21" },
	{ "127.0.0.1:4433", NULL, NULL, STARTTLS_NONE, true,
	    "127.0.0.1", "4433", NULL, "tls://127.0.0.1:4433" },
	{ "[::1]:4433", NULL, NULL, STARTTLS_NONE, true,
	    "::1", "4433", NULL, "tls://[::1]:4433" },
	{ "[2001:db8::1]", NULL, NULL, STARTTLS_NONE, true,
	    "2001:db8::1", "443", NULL, "tls://[2001:db8::1]:443" },
	{ "2001:db8::1", NULL, NULL, STARTTLS_NONE, true,
	    "2001:db8::1", "443", NULL, "tls://[2001:db8::1]:443" },
	/* SNI: --servername, else the first --host, else the host. */
	{ "127.0.0.1:443", "www.example.com", NULL, STARTTLS_NONE, true,
	    "127.0.0.1", "443", "www.example.com", "tls://127.0.0.1:443" },
	{ "127.0.0.1:443", NULL, "a.example.com", STARTTLS_NONE, true,
	    "127.0.0.1", "443", "a.example.com", "tls://127.0.0.1:443" },
	{ "b.test", "c.test", "a.test", STARTTLS_NONE, true,
	    "b.test", "443", "c.test", "tls://b.test:443" },
	{ "b.test", "10.0.0.1", NULL, STARTTLS_NONE, true,
	    "b.test", "443", NULL, "tls://b.test:443" },
	{ "", NULL, NULL, STARTTLS_NONE, false, NULL, NULL, NULL, NULL },
	{ ":443", NULL, NULL, STARTTLS_NONE, false, NULL, NULL, NULL, NULL },
	{ "host:", NULL, NULL, STARTTLS_NONE, false, NULL, NULL, NULL, NULL },
	{ "host:0", NULL, NULL, STARTTLS_NONE, false, NULL, NULL, NULL, NULL },
	{ "host:65536", NULL, NULL, STARTTLS_NONE, false, NULL, NULL, NULL,
	    NULL },
	{ "host:https", NULL, NULL, STARTTLS_NONE, false, NULL, NULL, NULL,
	    NULL },
	{ "host:-1", NULL, NULL, STARTTLS_NONE, false, NULL, NULL, NULL, NULL },
	{ "[::1", NULL, NULL, STARTTLS_NONE, false, NULL, NULL, NULL, NULL },
	{ "[::1]x", NULL, NULL, STARTTLS_NONE, false, NULL, NULL, NULL, NULL },
	{ "[example.com]:443", NULL, NULL, STARTTLS_NONE, false, NULL, NULL,
	    NULL, NULL },
	{ "https://example.com", NULL, NULL, STARTTLS_NONE, false, NULL, NULL,
	    NULL, NULL },
	{ "exa mple.com", NULL, NULL, STARTTLS_NONE, false, NULL, NULL, NULL,
	    NULL },
};

START_TEST(test_target)
{
	struct live_target t;
	char err[256] = "";
	bool ok = live_target_parse(&t, targets[_i].spec,
	    targets[_i].servername, targets[_i].first_host, targets[_i].st,
	    err, sizeof(err));

	ck_assert_msg(ok == targets[_i].ok, "'%s': ok=%d (%s)",
	    targets[_i].spec, ok, err);
	if (!ok) {
		ck_assert_msg(err[0] != '\0', "'%s': no reason given",
		    targets[_i].spec);
		return;
	}
	ck_assert_str_eq(t.host, targets[_i].host);
	ck_assert_str_eq(t.port, targets[_i].port);
	ck_assert_str_eq(t.label, targets[_i].label);
	if (targets[_i].sni == NULL)
		ck_assert_ptr_null(t.servername);
	else
		ck_assert_str_eq(t.servername, targets[_i].sni);
	live_target_free(&t);
}
END_TEST

static const struct {
	enum starttls proto;
	size_t step;
	const char *reply;
	int want;
	const char *err;	/* substring of the error */
} replies[] = {
	{ STARTTLS_SMTP, 0, "220 mail ESMTP\r\n", 1, NULL },
	{ STARTTLS_SMTP, 0, "220-mail ESMTP\r\n", 0, NULL },
	{ STARTTLS_SMTP, 0, "220-mail ESMTP\r\n220 ready\r\n", 1, NULL },
	{ STARTTLS_SMTP, 0, "220 mail", 0, NULL },
	{ STARTTLS_SMTP, 0, "554 no service\r\n", -1, "554 no service" },
	{ STARTTLS_SMTP, 1, "250-mail\r\n250-SIZE\r\n250 STARTTLS\r\n", 1,
	    NULL },
	{ STARTTLS_SMTP, 2, "220 go ahead\n", 1, NULL },
	{ STARTTLS_SMTP, 2, "454 TLS not available\r\n", -1, "STARTTLS" },
	{ STARTTLS_IMAP, 0, "* OK ready\r\n", 1, NULL },
	{ STARTTLS_IMAP, 0, "* BYE go away\r\n", -1, "greeting" },
	{ STARTTLS_IMAP, 1, "* CAPABILITY IMAP4rev1\r\n", 0, NULL },
	{ STARTTLS_IMAP, 1, "* CAPABILITY IMAP4rev1\r\nc1 OK begin\r\n", 1,
	    NULL },
	{ STARTTLS_IMAP, 1, "c1 BAD no\r\n", -1, "c1 BAD no" },
	{ STARTTLS_POP3, 0, "+OK hello\r\n", 1, NULL },
	{ STARTTLS_POP3, 1, "-ERR no\r\n", -1, "STLS" },
	{ STARTTLS_FTP, 0, "220-Welcome\r\n some text\r\n220 ready\r\n", 1,
	    NULL },
	{ STARTTLS_FTP, 1, "234 ok\r\n", 1, NULL },
	{ STARTTLS_FTP, 1, "530 Please login\r\n", -1, "AUTH TLS" },
	/* A greeting in another protocol is named at once. */
	{ STARTTLS_SMTP, 0, "* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n",
	    -1, "--starttls imap" },
	{ STARTTLS_IMAP, 0, "220 mail ESMTP\r\n", -1, "--starttls smtp" },
	{ STARTTLS_FTP, 0, "+OK POP3 ready\r\n", -1, "--starttls pop3" },
	{ STARTTLS_LMTP, 1, "250-lmtp\r\n250 STARTTLS\r\n", 1, NULL },
	{ STARTTLS_LMTP, 2, "502 5.5.2 no\r\n", -1, "does not offer TLS" },
	{ STARTTLS_NNTP, 0, "201 news ready\r\n", 1, NULL },
	{ STARTTLS_NNTP, 1, "382 go\r\n", 1, NULL },
	{ STARTTLS_NNTP, 1, "580 cannot\r\n", -1, "580 cannot" },
	{ STARTTLS_SIEVE, 0, "\"IMPLEMENTATION\" \"x\"\r\n\"STARTTLS\"\r\n", 0,
	    NULL },
	{ STARTTLS_SIEVE, 0, "\"STARTTLS\"\r\nOK \"hi\"\r\n", 1, NULL },
	{ STARTTLS_SIEVE, 0, "BYE \"busy\"\r\n", -1, "greeting" },
	{ STARTTLS_SIEVE, 1, "NO \"no\"\r\n", -1, "does not offer TLS" },
	{ STARTTLS_IRC, 0, ":s NOTICE * :hi\r\n", 0, NULL },
	{ STARTTLS_IRC, 0, ":s NOTICE * :hi\r\n:s 670 * :go\r\n", 1, NULL },
	{ STARTTLS_IRC, 0, "670 * :go\r\n", 1, NULL },
	{ STARTTLS_IRC, 0, ":s 691 * :failed\r\n", -1, "691" },
	{ STARTTLS_IRC, 0, ":s 421 * STARTTLS :Unknown\r\n", -1, "421" },
	{ STARTTLS_XMPP, 0, "<?xml version='1.0'?><stream:stream><stream:"
	    "features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", 0,
	    NULL },
	{ STARTTLS_XMPP, 0, "<stream:stream><stream:features><starttls/>"
	    "</stream:features>", 1, NULL },
	{ STARTTLS_XMPP, 0, "<stream:stream><stream:features><mechanisms/>"
	    "</stream:features>", -1, "list no <starttls/>" },
	{ STARTTLS_XMPP, 0, "<stream:stream><stream:error><host-unknown "
	    "xmlns='x'/></stream:error>", -1, "'host-unknown'" },
	{ STARTTLS_XMPP, 1, "<proceed xmlns='x'/>", 1, NULL },
	{ STARTTLS_XMPP, 1, "<failure xmlns='x'/>", -1, "does not offer TLS" },
	{ STARTTLS_POSTGRES, 0, "", 0, NULL },
	{ STARTTLS_POSTGRES, 0, "S", 1, NULL },
	{ STARTTLS_POSTGRES, 0, "N", -1, "answered 'N'" },
	{ STARTTLS_POSTGRES, 0, "J", -1, "neither 'S' nor 'N'" },
};

START_TEST(test_starttls_reply)
{
	struct starttls_state st;
	int r;

	starttls_init(&st, replies[_i].proto);
	st.step = replies[_i].step;
	r = starttls_reply(&st, replies[_i].reply, strlen(replies[_i].reply));
	ck_assert_msg(r == replies[_i].want, "case %d: %d", _i, r);
	if (replies[_i].err != NULL)
		ck_assert_msg(strstr(st.err, replies[_i].err) != NULL,
		    "case %d: '%s'", _i, st.err);
}
END_TEST

/* Binary answers: LDAP ExtendedResponses and MySQL greetings, whole,
 * cut short and malformed. */
static const unsigned char ldap_ok[] = { 0x30, 0x0c, 0x02, 0x01, 0x01,
    0x78, 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00 };
static const unsigned char ldap_no[] = { 0x30, 0x10, 0x02, 0x01, 0x01,
    0x78, 0x0b, 0x0a, 0x01, 0x34, 0x04, 0x00, 0x04, 0x04, 'b', 'u', 's',
    'y' };
static const unsigned char ldap_long[] = { 0x30, 0x84, 0x7f, 0xff, 0xff,
    0xff };
static const unsigned char ldap_junk[] = { '2', '2', '0', ' ' };
/* length 23, seq 0, protocol 10, "8.0\0", thread id, scramble, filler,
 * capabilities 0xffff (CLIENT_SSL set) or 0xf7ff, charset... */
static const unsigned char my_ssl[] = { 0x17, 0, 0, 0, 10, '8', '.', '0',
    0, 1, 0, 0, 0, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 0, 0xff, 0xff,
    0x21, 2, 0 };
static const unsigned char my_nossl[] = { 0x17, 0, 0, 0, 10, '8', '.',
    '0', 0, 1, 0, 0, 0, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 0, 0xff,
    0xf7, 0x21, 2, 0 };
static const unsigned char my_err[] = { 0x19, 0, 0, 0, 0xff, 0x6a, 0x04,
    'H', 'o', 's', 't', ' ', 'x', ' ', 'i', 's', ' ', 'n', 'o', 't', ' ',
    'a', 'l', 'l', 'o', 'w', 'e', 'd', '\x01' };
static const struct {
	enum starttls proto;
	const unsigned char *reply;
	size_t len;
	int want;
	const char *err;
} binary[] = {
	{ STARTTLS_LDAP, ldap_ok, sizeof(ldap_ok), 1, NULL },
	{ STARTTLS_LDAP, ldap_ok, 5, 0, NULL },
	{ STARTTLS_LDAP, ldap_no, sizeof(ldap_no), -1,
	    "unavailable (52) 'busy'" },
	{ STARTTLS_LDAP, ldap_long, sizeof(ldap_long), -1, "not an LDAP" },
	{ STARTTLS_LDAP, ldap_junk, sizeof(ldap_junk), -1, "not an LDAP" },
	{ STARTTLS_MYSQL, my_ssl, sizeof(my_ssl), 1, NULL },
	{ STARTTLS_MYSQL, my_ssl, 12, 0, NULL },
	{ STARTTLS_MYSQL, my_nossl, sizeof(my_nossl), -1,
	    "(8.0) does not offer TLS" },
	{ STARTTLS_MYSQL, my_err, sizeof(my_err), -1,
	    "error 1130 'Host x is not allowed?'" },
	{ STARTTLS_MYSQL, ldap_junk, sizeof(ldap_junk), -1, "not a MySQL" },
};

START_TEST(test_starttls_binary)
{
	struct starttls_state st;
	int r;

	starttls_init(&st, binary[_i].proto);
	r = starttls_reply(&st, (const char *)binary[_i].reply,
	    binary[_i].len);
	ck_assert_msg(r == binary[_i].want, "case %d: %d (%s)", _i, r, st.err);
	if (binary[_i].err != NULL)
		ck_assert_msg(strstr(st.err, binary[_i].err) != NULL,
		    "case %d: '%s'", _i, st.err);
}
END_TEST

START_TEST(test_names)
{
	ck_assert_str_eq(live_alert_name(40), "handshake_failure");
	ck_assert_str_eq(live_alert_name(116), "certificate_required");
	ck_assert_str_eq(live_alert_name(112), "unrecognized_name");
	ck_assert_str_eq(live_alert_name(250), "unknown alert");
	ck_assert_str_eq(live_version_name(TLS1_VERSION), "TLS 1.0");
	ck_assert_str_eq(live_version_name(TLS1_3_VERSION), "TLS 1.3");
	ck_assert_str_eq(starttls_name(STARTTLS_POP3), "pop3");
	ck_assert_ptr_null(starttls_name(STARTTLS_NONE));
	ck_assert_int_eq(starttls_by_name("postgres"), STARTTLS_POSTGRES);
	ck_assert_int_eq(starttls_by_name("ldaps"), STARTTLS_NONE);
	ck_assert_str_eq(starttls_default_port(STARTTLS_SIEVE), "4190");
	ck_assert_str_eq(starttls_default_port(STARTTLS_MYSQL), "3306");
}
END_TEST

/* A recorded handshake to judge: the target and the four versions. */
static void
result_init(struct live_result *r, const char *spec)
{
	static const int v[LIVE_NVERSIONS] = { TLS1_VERSION, TLS1_1_VERSION,
	    TLS1_2_VERSION, TLS1_3_VERSION };
	char err[128];

	live_result_init(r);
	ck_assert(live_target_parse(&r->target, spec, NULL, NULL,
	    STARTTLS_NONE, err, sizeof(err)));
	r->timeout = 5;
	r->local_security_level = 2;
	r->connected = true;
	r->versions_probed = true;
	for (size_t i = 0; i < LIVE_NVERSIONS; i++) {
		r->versions[i].version = v[i];
		r->versions[i].name = live_version_name(v[i]);
		r->versions[i].local_default = v[i] >= TLS1_2_VERSION;
		r->versions[i].state = PROBE_REFUSED;
	}
}

static bool
has(const struct findings *fs, const char *id, enum severity sev)
{
	for (size_t i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i].id, id) == 0 && fs->v[i].sev == sev)
			return true;
	return false;
}

static const char *
message_of(const struct findings *fs, const char *id)
{
	for (size_t i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i].id, id) == 0)
			return fs->v[i].message;
	return "";
}

/* --fetch-aia's address policy: what a URL in a certificate may reach. */
static const struct {
	const char *addr;
	bool private;
} addr_cases[] = {
	{ "127.0.0.1", true }, { "127.5.6.7", true }, { "10.1.2.3", true },
	{ "172.16.0.1", true }, { "172.31.255.255", true },
	{ "172.32.0.1", false }, { "192.168.1.1", true },
	{ "169.254.169.254", true }, { "100.64.0.1", true },
	{ "100.128.0.1", false }, { "0.0.0.0", true }, { "224.0.0.1", true },
	{ "255.255.255.255", true }, { "198.18.0.1", true },
	{ "8.8.8.8", false }, { "93.184.216.34", false },
	{ "::1", true }, { "::", true }, { "fe80::1", true },
	{ "fd00::1", true }, { "fc00::1", true }, { "ff02::1", true },
	{ "::ffff:127.0.0.1", true }, { "::ffff:10.0.0.1", true },
	{ "::ffff:8.8.8.8", false }, { "64:ff9b::a00:1", true },
	{ "2001:4860:4860::8888", false },
};

START_TEST(test_aia_private)
{
	struct sockaddr_in in = { .sin_family = AF_INET };
	struct sockaddr_in6 in6 = { .sin6_family = AF_INET6 };
	const char *a = addr_cases[_i].addr;
	const struct sockaddr *sa;

	if (inet_pton(AF_INET, a, &in.sin_addr) == 1)
		sa = (const struct sockaddr *)&in;
	else {
		ck_assert_int_eq(inet_pton(AF_INET6, a, &in6.sin6_addr), 1);
		sa = (const struct sockaddr *)&in6;
	}
	ck_assert_msg(aia_addr_is_private(sa) == addr_cases[_i].private,
	    "%s", a);
}
END_TEST

/* URLs refused before any connection: the error says why. */
static const struct {
	const char *url;
	const char *why;
} url_cases[] = {
	{ "https://ca.example/int.der", "only http://" },
	{ "ftp://ca.example/int.der", "only http://" },
	{ "file:///etc/passwd", "only http://" },
	{ "http://user:pw@ca.example/int.der", "user information" },
	{ "http://ca.example/int.der\r\nX-Injected: 1", "control" },
	{ "http://ca.example/a b", "control" },
	{ "http://127.0.0.1:1/int.der", "loopback, private or link-local" },
	{ "http://169.254.169.254/latest/meta-data/",
	  "loopback, private or link-local" },
};

START_TEST(test_aia_url_refused)
{
	unsigned char *body = NULL;
	size_t len = 0;
	char err[256] = "";

	ck_assert_int_eq(aia_download(url_cases[_i].url, aia_now_ms() + 2000,
	    false, 1024, &body, &len, err, sizeof(err)), -1);
	ck_assert_ptr_null(body);
	ck_assert_msg(strstr(err, url_cases[_i].why) != NULL, "%s: %s",
	    url_cases[_i].url, err);
}
END_TEST

START_TEST(test_judge_connect_failure)
{
	struct live_result r;
	struct inventory inv;
	struct findings fs;

	result_init(&r, "127.0.0.1:1");
	inventory_init(&inv);
	findings_init(&fs);
	r.connected = false;
	r.versions_probed = false;
	r.failure.kind = CAUSE_CONNECT;
	snprintf(r.failure.text, sizeof(r.failure.text), "connection refused");
	live_judge(&r, &inv, &fs);
	ck_assert_uint_eq(fs.n, 1);
	ck_assert(has(&fs, "live-connect-failed", SEV_FAIL));

	findings_free(&fs);
	findings_init(&fs);
	r.failure.kind = CAUSE_NOT_TLS;
	live_judge(&r, &inv, &fs);
	ck_assert_uint_eq(fs.n, 1);
	ck_assert(has(&fs, "live-not-tls", SEV_FAIL));

	findings_free(&fs);
	findings_init(&fs);
	r.failure.kind = CAUSE_STARTTLS;
	live_judge(&r, &inv, &fs);
	ck_assert(has(&fs, "live-starttls-failed", SEV_FAIL));

	findings_free(&fs);
	inventory_free(&inv);
	live_result_free(&r);
}
END_TEST

START_TEST(test_judge_protocols)
{
	struct live_result r;
	struct inventory inv;
	struct findings fs;

	/* Only TLS 1.0, which this machine refuses by default. */
	result_init(&r, "legacy.test");
	inventory_init(&inv);
	findings_init(&fs);
	r.versions[0].state = PROBE_ACCEPTED;
	r.failure.kind = CAUSE_HANDSHAKE;
	r.failure.alert = -1;
	live_judge(&r, &inv, &fs);
	ck_assert(has(&fs, "live-no-common-protocol", SEV_FAIL));
	ck_assert(has(&fs, "live-legacy-protocol", SEV_WARN));
	ck_assert(!has(&fs, "live-handshake-failed", SEV_FAIL));
	ck_assert(strstr(message_of(&fs, "live-no-common-protocol"),
	    "speaks only TLS 1.0") != NULL);
	ck_assert(strstr(message_of(&fs, "live-no-common-protocol"),
	    "allows TLS 1.2, TLS 1.3") != NULL);
	findings_free(&fs);

	/* TLS 1.1 and 1.2 accepted, handshake fine: only the warning. */
	findings_init(&fs);
	r.versions[0].state = PROBE_REFUSED;
	r.versions[1].state = PROBE_ACCEPTED;
	r.versions[2].state = PROBE_ACCEPTED;
	r.handshake_ok = true;
	r.failure.kind = CAUSE_NONE;
	live_judge(&r, &inv, &fs);
	ck_assert_uint_eq(fs.n, 1);
	ck_assert(has(&fs, "live-legacy-protocol", SEV_WARN));
	ck_assert(strstr(message_of(&fs, "live-legacy-protocol"),
	    "TLS 1.1") != NULL);
	findings_free(&fs);

	/* A version in common, yet a failure that is not about ciphers. */
	findings_init(&fs);
	r.versions[1].state = PROBE_REFUSED;
	r.handshake_ok = false;
	r.failure.kind = CAUSE_HANDSHAKE;
	r.failure.alert = 80;
	snprintf(r.failure.text, sizeof(r.failure.text), "internal_error");
	live_judge(&r, &inv, &fs);
	ck_assert_uint_eq(fs.n, 1);
	ck_assert(has(&fs, "live-handshake-failed", SEV_FAIL));

	findings_free(&fs);
	inventory_free(&inv);
	live_result_free(&r);
}
END_TEST

START_TEST(test_judge_ciphers)
{
	struct live_cipher_family fam[2] = {
		{ .name = "AES-GCM", .local_default = true,
		    .state = PROBE_REFUSED },
		{ .name = "Camellia", .local_default = false,
		    .state = PROBE_ACCEPTED, .cipher = "CAMELLIA256-SHA" },
	};
	struct live_result r;
	struct inventory inv;
	struct findings fs;

	result_init(&r, "narrow.test");
	inventory_init(&inv);
	findings_init(&fs);
	r.versions[2].state = PROBE_ACCEPTED;
	r.failure.kind = CAUSE_HANDSHAKE;
	r.failure.alert = 40;
	r.families = malloc(sizeof(fam));
	memcpy(r.families, fam, sizeof(fam));
	r.nfamilies = 2;
	r.ciphers_probed = true;
	live_judge(&r, &inv, &fs);
	ck_assert(has(&fs, "live-no-shared-cipher", SEV_FAIL));
	ck_assert(strstr(message_of(&fs, "live-no-shared-cipher"),
	    "Camellia (CAMELLIA256-SHA)") != NULL);
	ck_assert(strstr(message_of(&fs, "live-no-shared-cipher"),
	    "by default AES-GCM") != NULL);
	findings_free(&fs);

	/* The server picked a cipher this machine offers: not ciphers. */
	findings_init(&fs);
	r.families[1].local_default = true;
	r.families[1].picked_local = true;
	live_judge(&r, &inv, &fs);
	ck_assert(!has(&fs, "live-no-shared-cipher", SEV_FAIL));
	ck_assert(has(&fs, "live-handshake-failed", SEV_FAIL));

	findings_free(&fs);
	inventory_free(&inv);
	live_result_free(&r);
}
END_TEST

/* Posture: which families and versions a server accepted, and the
 * finding (or none) the client table draws from them. Family names are
 * those of live_probe.c; "DHE" adds a 2048-bit group. */
#define V12 (1 << 2)
#define V13 (1 << 3)
static const struct {
	unsigned versions;	/* bit i: versions[i] accepted */
	bool tls12_alert40;	/* TLS 1.2 refused with handshake_failure */
	const char *accepted;	/* families, '|'-separated */
	const char *id;		/* NULL: no posture finding */
	enum severity sev;
	const char *says;
} postures[] = {
	{ V12 | V13, false, "ECDHE-ECDSA key exchange|forward-secret AEAD|"
	  "AES-GCM|ChaCha20-Poly1305|AES-CBC|TLS 1.3 AES-128-GCM|"
	  "TLS 1.3 AES-256-GCM|TLS 1.3 ChaCha20-Poly1305", NULL, SEV_INFO,
	  NULL },
	{ V12, false, "ECDHE-RSA key exchange|forward-secret AEAD|AES-GCM",
	  NULL, SEV_INFO, NULL },
	{ V13, false, "TLS 1.3 AES-128-GCM|TLS 1.3 AES-256-GCM|"
	  "TLS 1.3 ChaCha20-Poly1305", "live-tls13-only", SEV_INFO,
	  "Java 8 before 8u261 (no TLS 1.3)" },
	{ V13, false, "TLS 1.3 ChaCha20-Poly1305", "live-clients-shut-out",
	  SEV_WARN, "Java 11 (no ChaCha20-Poly1305 in TLS 1.3" },
	{ V12 | V13, false, "ECDHE-RSA key exchange|forward-secret AEAD|"
	  "ChaCha20-Poly1305|TLS 1.3 ChaCha20-Poly1305",
	  "live-clients-shut-out", SEV_WARN, "Windows 7 to 10" },
	{ V12, false, "RSA key exchange (no forward secrecy)|AES-CBC",
	  "live-no-forward-secret-aead", SEV_WARN, "CBC mode with SHA-1 MACs" },
	{ V12, false, "ECDHE-RSA key exchange|AES-CBC",
	  "live-no-forward-secret-aead", SEV_WARN, "AES128-SHA" },
	{ V12, false, "DHE-RSA key exchange|forward-secret AEAD|AES-GCM",
	  "live-clients-shut-out", SEV_WARN, "(no DHE key exchange)" },
	{ V13, true, "TLS 1.3 AES-128-GCM|TLS 1.3 AES-256-GCM",
	  "live-tls12-cipher-cert-mismatch", SEV_WARN, "only TLS 1.3 clients" },
};

static const char *posture_ids[] = { "live-tls13-only",
	"live-clients-shut-out", "live-clients-left-out",
	"live-no-forward-secret-aead", "live-tls12-cipher-cert-mismatch",
	"live-cipher-cert-mismatch", "live-no-shared-group" };

enum probe_fill { FILL_REFUSED, FILL_FAILED };

/* The families live_probe.c knows, each refused unless listed (the
 * first one timed out with FILL_FAILED). */
static void
posture_families(struct live_result *r, const char *accepted,
    enum probe_fill fill)
{
	static const char *names[] = { "ECDHE-ECDSA key exchange",
	    "ECDHE-RSA key exchange", "DHE-RSA key exchange",
	    "RSA key exchange (no forward secrecy)", "forward-secret AEAD",
	    "AES-GCM", "ChaCha20-Poly1305", "AES-CBC", "TLS 1.3 AES-128-GCM",
	    "TLS 1.3 AES-256-GCM", "TLS 1.3 ChaCha20-Poly1305",
	    "every group (brainpool, secp256k1, ...)" };
	size_t n = sizeof(names) / sizeof(names[0]);

	r->families = calloc(n, sizeof(*r->families));
	ck_assert_ptr_nonnull(r->families);
	r->nfamilies = n;
	r->ciphers_probed = true;
	for (size_t i = 0; i < n; i++) {
		struct live_cipher_family *f = &r->families[i];
		char item[64];
		f->name = names[i];
		f->groups = strncmp(names[i], "every group", 11) == 0 ?
		    "x25519" : NULL;
		f->state = fill == FILL_FAILED && i == 0 ? PROBE_FAILED :
		    PROBE_REFUSED;
		snprintf(item, sizeof(item), "|%s|", names[i]);
		if (accepted != NULL) {
			char all[512];
			snprintf(all, sizeof(all), "|%s|", accepted);
			if (strstr(all, item) != NULL) {
				f->state = PROBE_ACCEPTED;
				snprintf(f->cipher, sizeof(f->cipher), "%s",
				    strncmp(names[i], "TLS 1.3", 7) == 0 ?
				    "TLS_X" : strstr(names[i], "DHE-RSA") ==
				    names[i] ? "DHE-RSA-AES128-GCM-SHA256" :
				    "AES128-SHA");
				if (strstr(names[i], "DHE-RSA") == names[i])
					f->dh_bits = 2048;
			}
		}
	}
}

START_TEST(test_judge_posture)
{
	struct live_result r;
	struct inventory inv;
	struct findings fs;
	int ids = 0;

	result_init(&r, "posture.test");
	inventory_init(&inv);
	findings_init(&fs);
	r.handshake_ok = true;
	for (size_t i = 0; i < LIVE_NVERSIONS; i++) {
		r.versions[i].alert = 70;
		if (postures[_i].versions & (1u << i))
			r.versions[i].state = PROBE_ACCEPTED;
	}
	if (postures[_i].tls12_alert40)
		r.versions[2].alert = 40;
	posture_families(&r, postures[_i].accepted, FILL_REFUSED);
	live_posture_assess(&r);
	ck_assert(r.posture_assessed);
	live_judge(&r, &inv, &fs);
	for (size_t i = 0; i < sizeof(posture_ids) / sizeof(posture_ids[0]);
	    i++)
		for (size_t k = 0; k < fs.n; k++)
			ids += strcmp(fs.v[k].id, posture_ids[i]) == 0;
	if (postures[_i].id == NULL) {
		ck_assert_int_eq(ids, 0);
		ck_assert_uint_eq(r.nleft_out, 0);
	} else {
		ck_assert_int_eq(ids, 1);
		ck_assert(has(&fs, postures[_i].id, postures[_i].sev));
		ck_assert_msg(strstr(message_of(&fs, postures[_i].id),
		    postures[_i].says) != NULL, "%s", message_of(&fs,
		    postures[_i].id));
	}
	findings_free(&fs);
	inventory_free(&inv);
	live_result_free(&r);
}
END_TEST

/* Nothing completes: every family refused means the cipher list fits no
 * certificate; the every-group probe getting through means a group;
 * a probe that timed out means nothing is said about either. */
START_TEST(test_judge_nothing_fits)
{
	struct live_result r;
	struct inventory inv;
	struct findings fs;

	for (int round = 0; round < 3; round++) {
		result_init(&r, "broken.test");
		inventory_init(&inv);
		findings_init(&fs);
		r.failure.kind = CAUSE_HANDSHAKE;
		r.failure.alert = 40;
		posture_families(&r, round == 1 ?
		    "every group (brainpool, secp256k1, ...)" : NULL,
		    round == 2 ? FILL_FAILED : FILL_REFUSED);
		if (round == 1)
			snprintf(r.families[r.nfamilies - 1].group,
			    sizeof(r.families[0].group), "secp256k1");
		live_posture_assess(&r);
		ck_assert(!r.posture_assessed);
		live_judge(&r, &inv, &fs);
		ck_assert(has(&fs, "live-cipher-cert-mismatch", SEV_FAIL) ==
		    (round == 0));
		ck_assert(has(&fs, "live-no-shared-group", SEV_FAIL) ==
		    (round == 1));
		if (round == 1)
			ck_assert(strstr(message_of(&fs, "live-no-shared-group"),
			    "picked secp256k1") != NULL);
		ck_assert(has(&fs, "live-no-shared-cipher", SEV_FAIL) ==
		    (round == 2));
		findings_free(&fs);
		inventory_free(&inv);
		live_result_free(&r);
	}
}
END_TEST

START_TEST(test_judge_client_cert)
{
	struct live_result r;
	struct inventory inv;
	struct findings fs;

	result_init(&r, "mtls.test");
	inventory_init(&inv);
	findings_init(&fs);
	r.versions[3].state = PROBE_ACCEPTED;
	r.client_cert_requested = true;
	r.client_cert_required = true;
	r.client_ca_names = calloc(2, sizeof(char *));
	r.client_ca_names[0] = strdup("CN=Client CA");
	r.failure.kind = CAUSE_HANDSHAKE;
	r.client_cert_failure.alert = 116;
	live_judge(&r, &inv, &fs);
	ck_assert_uint_eq(fs.n, 1);
	ck_assert(has(&fs, "live-client-cert-required", SEV_FAIL));
	ck_assert(strstr(message_of(&fs, "live-client-cert-required"),
	    "certificate_required") != NULL);
	ck_assert(strstr(message_of(&fs, "live-client-cert-required"),
	    "'CN=Client CA'") != NULL);
	findings_free(&fs);

	findings_init(&fs);
	r.client_cert_required = false;
	r.client_cert_sent = true;
	r.client_cert_rejected = true;
	r.client_cert_failure.alert = 48;
	snprintf(r.client_cert_failure.text,
	    sizeof(r.client_cert_failure.text), "unknown_ca");
	live_judge(&r, &inv, &fs);
	ck_assert_uint_eq(fs.n, 1);
	ck_assert(has(&fs, "live-client-cert-rejected", SEV_FAIL));

	findings_free(&fs);
	inventory_free(&inv);
	live_result_free(&r);
}
END_TEST

/* Served certificates against local ones, and SNI. */
START_TEST(test_judge_served)
{
	EVP_PKEY *rk = pki_key(), *k = pki_key(), *k2 = pki_key();
	struct pki_spec root = { .cn = "Root", .ca = true };
	struct pki_spec old = { .cn = "www.a.test",
	    .not_after = PKI_NOW + 10 * PKI_DAY };
	struct pki_spec renewed = { .cn = "www.a.test",
	    .not_after = PKI_NOW + 90 * PKI_DAY };
	struct pki_spec other = { .cn = "b.test" };
	struct pki_spec alt = { .cn = "alt", .san = "DNS:www.a.test" };
	X509 *rc = pki_cert(&root, rk, NULL, NULL);
	X509 *oc = pki_cert(&old, k, rc, rk);
	X509 *nc = pki_cert(&renewed, k, rc, rk);
	X509 *bc = pki_cert(&other, k2, rc, rk);
	X509 *ac = pki_cert(&alt, k2, rc, rk);
	struct live_result r;
	struct inventory inv;
	struct findings fs;
	struct object *served;

	result_init(&r, "www.a.test");
	inventory_init(&inv);
	findings_init(&fs);
	r.versions[3].state = PROBE_ACCEPTED;
	r.handshake_ok = true;
	inv.leaf = pki_add(&inv, nc, "new.pem", ROLE_CERT);
	EVP_PKEY_up_ref(k);
	inv.key = inventory_add(&inv, OBJ_KEY, k,
	    inventory_add_source(&inv, "key.pem", ROLE_KEY), 0, "PEM", false);
	served = pki_add(&inv, oc, "tls://www.a.test:443", ROLE_SERVED);
	r.served = calloc(1, sizeof(*r.served));
	r.served[0] = served;
	r.nserved = 1;
	inv.served = r.served;
	inv.nserved = 1;
	r.sni_probed = true;
	r.nosni_leaf = bc;
	X509_up_ref(bc);

	live_judge(&r, &inv, &fs);
	ck_assert(has(&fs, "live-cert-differs", SEV_FAIL));
	ck_assert(strstr(message_of(&fs, "live-cert-differs"),
	    "still serves the old certificate") != NULL);
	ck_assert(strstr(message_of(&fs, "live-cert-differs"),
	    "matches the local key") != NULL);
	ck_assert(has(&fs, "live-sni-required", SEV_INFO));
	findings_free(&fs);

	/* The default certificate covers the name: only a note. */
	findings_init(&fs);
	X509_free(r.nosni_leaf);
	r.nosni_leaf = ac;
	X509_up_ref(ac);
	live_judge(&r, &inv, &fs);
	ck_assert(has(&fs, "live-sni-default-differs", SEV_INFO));
	ck_assert(!has(&fs, "live-sni-required", SEV_INFO));
	findings_free(&fs);

	/* Same certificate without SNI; served == local: nothing. */
	findings_init(&fs);
	X509_free(r.nosni_leaf);
	r.nosni_leaf = oc;
	X509_up_ref(oc);
	inv.leaf = served;
	live_judge(&r, &inv, &fs);
	ck_assert_uint_eq(fs.n, 0);

	findings_free(&fs);
	inventory_free(&inv);
	live_result_free(&r);
	X509_free(rc);
	X509_free(oc);
	X509_free(nc);
	X509_free(bc);
	X509_free(ac);
	EVP_PKEY_free(rk);
	EVP_PKEY_free(k);
	EVP_PKEY_free(k2);
}
END_TEST

/* Bodies of 64 bytes, as Content-Length says. */
#define NGINX_400(title64) "HTTP/1.1 400 Bad Request\r\n" \
	"Server: nginx/1.22.1\r\nContent-Type: text/html\r\n" \
	"Content-Length: 64\r\n\r\n" title64
#define NO_CERT "<title>400 No required SSL certificate was sent</title>\n\n\n\n\n\n\n\n\n"
#define CERT_ERROR "<title>400 The SSL certificate error</title>" \
	"\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n"

static const struct {
	const char *resp;
	bool requested, sent, late;
	int status;		/* -1: no status line */
	enum http_cert_verdict verdict;
} http_cases[] = {
	{ NGINX_400(NO_CERT), true, false,
	    false, 400, HTTP_CERT_MISSING },
	{ NGINX_400(CERT_ERROR), true, true, false, 400,
	    HTTP_CERT_ERROR },
	/* Headers only: the handshake says which. */
	{ "HTTP/1.1 400 Bad Request\r\nServer: nginx\r\n\r\n", true, false,
	    false, 400, HTTP_CERT_MISSING },
	{ "HTTP/1.1 400 Bad Request\r\nServer: nginx\r\n\r\n", true, true,
	    false, 400, HTTP_CERT_ERROR },
	{ "HTTP/1.1 400 Bad Request\r\nServer: nginx\r\n\r\n", false, false,
	    false, 400, HTTP_CERT_NONE },
	{ "HTTP/1.1 496 No Cert\r\n\r\n", true, false, false, 496,
	    HTTP_CERT_MISSING },
	{ "HTTP/1.1 403 Forbidden\r\nServer: Apache\r\n\r\n", true, false,
	    false, 403, HTTP_CERT_NONE },
	{ "HTTP/1.1 403 Forbidden\r\nServer: Apache\r\n\r\n", false, false,
	    true, 403, HTTP_CERT_FORBIDDEN },
	{ "HTTP/1.0 200 ok\r\n\r\n", true, true, false, 200, HTTP_CERT_NONE },
	{ "* OK IMAP4rev1 ready\r\n", false, false, false, -1, HTTP_CERT_NONE },
	{ "HTTP/1.1 2", false, false, false, -1, HTTP_CERT_NONE },
};

START_TEST(test_http_parse)
{
	struct live_http h;

	memset(&h, 0, sizeof(h));
	h.cert_requested_late = http_cases[_i].late;
	http_parse(&h, (const unsigned char *)http_cases[_i].resp,
	    strlen(http_cases[_i].resp), http_cases[_i].requested,
	    http_cases[_i].sent);
	ck_assert_int_eq(h.status, http_cases[_i].status);
	ck_assert_int_eq(h.answered, http_cases[_i].status >= 0);
	ck_assert_msg(h.verdict == http_cases[_i].verdict, "case %d: %d", _i,
	    h.verdict);
}
END_TEST

START_TEST(test_http_complete)
{
	ck_assert_uint_eq(strlen(NO_CERT), 64);
	ck_assert_uint_eq(strlen(CERT_ERROR), 64);
	const char *page = NGINX_400(CERT_ERROR);
	const char *ok = "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n";
	struct http_exchange x;

	/* An error page is read to its end; another answer's headers do. */
	ck_assert(!http_response_complete((const unsigned char *)page,
	    strlen(page) - 5));
	ck_assert(http_response_complete((const unsigned char *)page,
	    strlen(page)));
	ck_assert(http_response_complete((const unsigned char *)ok,
	    strlen(ok)));
	ck_assert(!http_response_complete((const unsigned char *)ok, 10));
	ck_assert(http_port_is_not_http("993"));
	ck_assert(!http_port_is_not_http("443"));
	/* The request names the host. */
	http_exchange_init(&x, "a.test");
	ck_assert(strstr(x.request, "Host: a.test\r\n") != NULL);
	ck_assert_uint_eq(x.reqlen, strlen(x.request));
}
END_TEST

/* The OCSP verdicts from a recorded staple, at the edges of its window
 * (5 minutes of clock skew either side). */
#define H	3600
static const struct {
	enum live_ocsp_state state;
	bool must_staple, for_leaf;
	int cert_status, signature;
	time_t this_update, next_update;	/* from PKI_NOW */
	bool has_next;
	const char *id;
	enum severity sev;
} staples[] = {
	{ OCSP_NOT_STAPLED, false, false, 0, -1, 0, 0, false,
	    "live-ocsp-not-stapled", SEV_INFO },
	{ OCSP_NOT_STAPLED, true, false, 0, -1, 0, 0, false,
	    "live-must-staple-missing", SEV_FAIL },
	{ OCSP_UNREADABLE, false, false, 0, -1, 0, 0, false,
	    "live-ocsp-staple-invalid", SEV_FAIL },
	{ OCSP_NOT_SUCCESSFUL, true, false, 0, -1, 0, 0, false,
	    "live-ocsp-staple-invalid", SEV_FAIL },
	{ OCSP_STAPLED, false, true, V_OCSP_CERTSTATUS_GOOD, 1, -H, 23 * H,
	    true, "live-ocsp-stapled", SEV_INFO },
	{ OCSP_STAPLED, true, true, V_OCSP_CERTSTATUS_GOOD, 1, -H, 0, false,
	    "live-ocsp-stapled", SEV_INFO },
	{ OCSP_STAPLED, false, true, V_OCSP_CERTSTATUS_GOOD, -1, -H, H, true,
	    "live-ocsp-stapled", SEV_INFO },
	{ OCSP_STAPLED, false, true, V_OCSP_CERTSTATUS_GOOD, 1, 299, H, true,
	    "live-ocsp-stapled", SEV_INFO },
	{ OCSP_STAPLED, false, true, V_OCSP_CERTSTATUS_GOOD, 1, 301, H, true,
	    "live-ocsp-staple-invalid", SEV_FAIL },
	{ OCSP_STAPLED, false, true, V_OCSP_CERTSTATUS_GOOD, 1, -H, -299,
	    true, "live-ocsp-stapled", SEV_INFO },
	{ OCSP_STAPLED, false, true, V_OCSP_CERTSTATUS_GOOD, 1, -H, -301,
	    true, "live-ocsp-staple-expired", SEV_FAIL },
	{ OCSP_STAPLED, false, true, V_OCSP_CERTSTATUS_GOOD, 0, -H, H, true,
	    "live-ocsp-staple-invalid", SEV_FAIL },
	{ OCSP_STAPLED, false, true, V_OCSP_CERTSTATUS_REVOKED, 1, -H, H,
	    true, "live-ocsp-revoked", SEV_FAIL },
	{ OCSP_STAPLED, false, true, V_OCSP_CERTSTATUS_UNKNOWN, 1, -H, H,
	    true, "live-ocsp-staple-invalid", SEV_FAIL },
	{ OCSP_STAPLED, true, false, 0, 1, 0, 0, false,
	    "live-ocsp-staple-wrong-cert", SEV_FAIL },
};

START_TEST(test_judge_ocsp)
{
	EVP_PKEY *k = pki_key();
	struct pki_spec leaf = { .cn = "www.a.test" };
	X509 *lc = pki_cert(&leaf, k, NULL, NULL);
	struct live_result r;
	struct inventory inv;
	struct findings fs;
	size_t nocsp = 0;

	result_init(&r, "www.a.test");
	inventory_init(&inv);
	findings_init(&fs);
	r.versions[3].state = PROBE_ACCEPTED;
	r.handshake_ok = true;
	r.chain_from = "handshake";
	r.now = PKI_NOW;
	r.served = calloc(1, sizeof(*r.served));
	r.served[0] = pki_add(&inv, lc, "tls://www.a.test:443", ROLE_SERVED);
	r.nserved = 1;
	inv.leaf = r.served[0];
	inv.served = r.served;
	inv.nserved = 1;
	r.ocsp.state = staples[_i].state;
	r.ocsp.must_staple = staples[_i].must_staple;
	r.ocsp.for_leaf = staples[_i].for_leaf;
	r.ocsp.cert_status = staples[_i].cert_status;
	r.ocsp.signature = staples[_i].signature;
	r.ocsp.revocation_reason = -1;
	r.ocsp.this_update = PKI_NOW + staples[_i].this_update;
	r.ocsp.next_update = PKI_NOW + staples[_i].next_update;
	r.ocsp.has_next_update = staples[_i].has_next;
	snprintf(r.ocsp.serial, sizeof(r.ocsp.serial), "0A");

	live_judge(&r, &inv, &fs);
	ck_assert_msg(has(&fs, staples[_i].id, staples[_i].sev),
	    "case %d: no %s", _i, staples[_i].id);
	for (size_t i = 0; i < fs.n; i++)
		if (strncmp(fs.v[i].id, "live-ocsp-", 10) == 0 ||
		    strcmp(fs.v[i].id, "live-must-staple-missing") == 0)
			nocsp++;
	ck_assert_msg(nocsp == 1, "case %d: %zu OCSP findings", _i, nocsp);

	findings_free(&fs);
	free(r.served);
	r.served = NULL;
	r.nserved = 0;
	live_result_free(&r);
	inventory_free(&inv);
	X509_free(lc);
	EVP_PKEY_free(k);
}
END_TEST

static Suite *
live_suite(void)
{
	Suite *s = suite_create("live");
	TCase *tc = tl_tcase(s, "parse");

	tl_add_loop(tc, test_target, targets);
	tl_add_loop(tc, test_starttls_reply, replies);
	tl_add_loop(tc, test_starttls_binary, binary);
	tcase_add_test(tc, test_names);
	tl_add_loop(tc, test_http_parse, http_cases);
	tcase_add_test(tc, test_http_complete);
	tc = tl_tcase(s, "aia");
	tcase_add_loop_test(tc, test_aia_private, 0,
	    sizeof(addr_cases) / sizeof(addr_cases[0]));
	tcase_add_loop_test(tc, test_aia_url_refused, 0,
	    sizeof(url_cases) / sizeof(url_cases[0]));
	tc = tl_tcase(s, "judge");
	tcase_add_test(tc, test_judge_connect_failure);
	tcase_add_test(tc, test_judge_protocols);
	tcase_add_test(tc, test_judge_ciphers);
	tl_add_loop(tc, test_judge_posture, postures);
	tcase_add_test(tc, test_judge_nothing_fits);
	tcase_add_test(tc, test_judge_client_cert);
	tcase_add_test(tc, test_judge_served);
	tl_add_loop(tc, test_judge_ocsp, staples);
	return s;
}

int
main(void)
{
	return tl_run_suite(live_suite());
}
