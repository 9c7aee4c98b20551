/* Unit tests of the configuration sources: each case writes a small
 * tree of configuration files into a fresh directory, reads it with one
 * source and compares the deployments (dumped as text, the directory
 * shown as T) and the findings with what the server would load. */
#include "config.h"

#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "deploy/conf_lex.h"
#include "deploy/deployment.h"
#include "deploy/source.h"
#include "finding.h"
#include "testlib.h"

static const char *const use_name[] = {
	"cert", "key", "cert+key", "chain", "client-ca", "trusted", "csr",
	"password"
};

struct text {
	char *s;
	size_t n;
};

static void
put(struct text *t, const char *tmp, const char *s)
{
	size_t tl = strlen(tmp);

	while (*s != '\0') {	/* the temporary directory becomes "T" */
		const char *add = s;
		size_t n = 1;
		if (strncmp(s, tmp, tl) == 0) {
			add = "T";
			s += tl;
		} else
			s++;
		t->s = realloc(t->s, t->n + n + 1);
		ck_assert_ptr_nonnull(t->s);
		memcpy(t->s + t->n, add, n);
		t->n += n;
		t->s[t->n] = '\0';
	}
}

static char *
dump(const struct deployments *ds, const char *tmp)
{
	struct text t = { strdup(""), 0 };

	for (size_t i = 0; i < ds->n; i++) {
		const struct deployment *d = &ds->v[i];
		put(&t, tmp, "D ");
		put(&t, tmp, d->name);
		put(&t, tmp, "\n");
		if (d->listen != NULL) {
			put(&t, tmp, " listen ");
			put(&t, tmp, d->listen);
			put(&t, tmp, "\n");
		}
		for (size_t j = 0; j < d->nnames; j++) {
			put(&t, tmp, " name ");
			put(&t, tmp, d->names[j]);
			put(&t, tmp, "\n");
		}
		for (size_t j = 0; j < d->nfiles; j++) {
			put(&t, tmp, " ");
			put(&t, tmp, use_name[d->files[j].use]);
			put(&t, tmp, " ");
			put(&t, tmp, d->files[j].path);
			put(&t, tmp, " @");
			put(&t, tmp, d->files[j].origin != NULL ?
			    d->files[j].origin : "-");
			put(&t, tmp, "\n");
		}
	}
	return t.s;
}

static char *
dump_findings(const struct findings *fs, const char *tmp)
{
	struct text t = { strdup(""), 0 };

	for (size_t i = 0; i < fs->n; i++) {
		put(&t, tmp, fs->v[i].id);
		put(&t, tmp, " ");
		put(&t, tmp, severity_name(fs->v[i].sev));
		put(&t, tmp, " ");
		put(&t, tmp, fs->v[i].file != NULL ? fs->v[i].file : "-");
		put(&t, tmp, "\n");
	}
	return t.s;
}

/* Writes the files of spec: "==> NAME\n" starts each one. */
static void
write_tree(const char *tmp, const char *spec)
{
	const char *p = spec;

	while ((p = strstr(p, "==> ")) != NULL) {
		const char *name = p + 4, *nl = strchr(name, '\n');
		const char *end;
		char path[PATH_MAX], *slash;
		FILE *f;

		ck_assert_ptr_nonnull(nl);
		end = strstr(nl, "\n==> ");
		end = end != NULL ? end + 1 : nl + strlen(nl);
		snprintf(path, sizeof(path), "%s/%.*s", tmp,
		    (int)(nl - name), name);
		for (slash = path + strlen(tmp) + 1;
		    (slash = strchr(slash, '/')) != NULL; slash++) {
			*slash = '\0';
			mkdir(path, 0700);
			*slash = '/';
		}
		ck_assert_ptr_nonnull(f = fopen(path, "w"));
		fwrite(nl + 1, 1, (size_t)(end - nl - 1), f);
		fclose(f);
		p = end;
	}
}

static void
remove_tree(const char *tmp)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	ck_assert_int_eq(system(cmd), 0);
}

struct tcase_src {
	const char *source;	/* descriptor name */
	const char *main;	/* file read, relative to T */
	const char *tree;
	const char *deployments;	/* expected dump */
	const char *findings;		/* expected findings dump */
	int rc;
};

static const struct tcase_src cases[] = {
	/* 0: nginx: includes, inheritance from http{}, RSA + ECDSA pair
	 * as one deployment, names, listen, password file first */
	{ "nginx", "nginx.conf",
	  "==> nginx.conf\n"
	  "events {}\n"
	  "http {\n"
	  "    ssl_certificate_key k.pem;   # for servers without one\n"
	  "    include sites/*.conf;\n"
	  "    server {\n"
	  "        listen 80;\n"
	  "        server_name plain.test;\n"
	  "        ssl_certificate plain.pem;\n"
	  "    }\n"
	  "    include none/*.conf;\n"
	  "}\n"
	  "==> sites/a.conf\n"
	  "server {\n"
	  "    listen 443 ssl http2;\n"
	  "    listen [::]:443 ssl;\n"
	  "    server_name a.test .b.test ~^re\\d+$ _;\n"
	  "    ssl_certificate rsa.pem;\n"
	  "    ssl_certificate_key rsa.key;\n"
	  "    ssl_certificate ec.pem;\n"
	  "    ssl_certificate_key \"ec key.pem\";\n"
	  "    ssl_password_file /etc/pw;\n"
	  "    ssl_client_certificate 'clients.pem';\n"
	  "    location / { ssl_certificate ignored.pem; }\n"
	  "}\n"
	  "==> sites/b.conf\n"
	  "server {\n"
	  "    listen 127.0.0.1:8443;\n"
	  "    ssl on;\n"
	  "    ssl_certificate /abs/b.pem;\n"
	  "    ssl_trusted_certificate t.pem;\n"
	  "}\n",
	  "D nginx a.test (T/sites/a.conf:1)\n"
	  " listen *:443\n"
	  " name a.test\n"
	  " name b.test\n"
	  " name *.b.test\n"
	  " password /etc/pw @T/sites/a.conf:9\n"
	  " cert T/rsa.pem @T/sites/a.conf:5\n"
	  " key T/rsa.key @T/sites/a.conf:6\n"
	  " cert T/ec.pem @T/sites/a.conf:7\n"
	  " key T/ec key.pem @T/sites/a.conf:8\n"
	  " client-ca T/clients.pem @T/sites/a.conf:10\n"
	  "D nginx server (T/sites/b.conf:1)\n"
	  " listen 127.0.0.1:8443\n"
	  " cert /abs/b.pem @T/sites/b.conf:4\n"
	  " key T/k.pem @T/nginx.conf:3\n"
	  " trusted T/t.pem @T/sites/b.conf:5\n",
	  "source-unsupported info T/sites/a.conf:4\n", 0 },
	/* 1: nginx: TLS is a property of the socket; variables; stream */
	{ "nginx", "conf/nginx.conf",
	  "==> conf/nginx.conf\n"
	  "http {\n"
	  "  server { listen 443 ssl; server_name one.test;\n"
	  "    ssl_certificate $ssl_server_name.crt;\n"
	  "    ssl_certificate_key $ssl_server_name.key; }\n"
	  "  server { listen 443; server_name two.test;\n"
	  "    ssl_certificate two.pem; ssl_certificate_key two.key; }\n"
	  "  server { listen 8080; ssl_certificate x.pem; }\n"
	  "}\n"
	  "stream {\n"
	  "  server { listen 5000 ssl; ssl_certificate s.pem;\n"
	  "    ssl_certificate_key s.key; }\n"
	  "}\n",
	  "D nginx two.test (T/conf/nginx.conf:5)\n"
	  " listen *:443\n"
	  " name two.test\n"
	  " cert T/conf/two.pem @T/conf/nginx.conf:6\n"
	  " key T/conf/two.key @T/conf/nginx.conf:6\n"
	  "D nginx server (T/conf/nginx.conf:10)\n"
	  " listen *:5000\n"
	  " cert T/conf/s.pem @T/conf/nginx.conf:10\n"
	  " key T/conf/s.key @T/conf/nginx.conf:11\n",
	  "source-unsupported warn T/conf/nginx.conf:3\n", 0 },
	/* 2: nginx: a missing key, an unreadable include, a syntax error */
	{ "nginx", "nginx.conf",
	  "==> nginx.conf\n"
	  "http {\n"
	  "  include missing.conf;\n"
	  "  server { listen 443 ssl; ssl_certificate a.pem; }\n"
	  "  include bad.conf;\n"
	  "}\n"
	  "==> bad.conf\n"
	  "server {\n"
	  "  listen 443 ssl\n"
	  "}\n",
	  "D nginx server (T/nginx.conf:3)\n"
	  " listen *:443\n"
	  " cert T/a.pem @T/nginx.conf:3\n",
	  "source-unreadable error T/nginx.conf:2\n"
	  "source-syntax error T/bad.conf:3\n"
	  "source-no-key fail T/nginx.conf:3\n", 0 },
	/* 3: nginx: an include of itself stops at the depth cap */
	{ "nginx", "nginx.conf",
	  "==> nginx.conf\n"
	  "include nginx.conf;\n",
	  "",
	  "source-limit error T/nginx.conf:1\n", 0 },
	/* 4: nginx: an unterminated quote; nothing served */
	{ "nginx", "nginx.conf",
	  "==> nginx.conf\n"
	  "http {\n"
	  "  server_name \"open;\n"
	  "}\n",
	  "",
	  "source-syntax error T/nginx.conf:2\n", 0 },
	/* 5: nginx: no TLS anywhere */
	{ "nginx", "nginx.conf",
	  "==> nginx.conf\n"
	  "http { server { listen 80; } }\n",
	  "",
	  "source-empty warn T/nginx.conf\n", 0 },
	/* 6: nginx: the main file cannot be read */
	{ "nginx", "absent.conf", "", "",
	  "source-unreadable error T/absent.conf\n", -1 },
	/* 7: Apache: includes, inheritance position by position, key in
	 * the certificate file, Define, continuation lines */
	{ "apache", "apache2.conf",
	  "==> apache2.conf\n"
	  "Define CERTS /etc/certs\n"
	  "SSLCertificateKeyFile main.key\n"
	  "IncludeOptional sites/*.conf\n"
	  "IncludeOptional nothere/*.conf\n"
	  "<VirtualHost *:80>\n"
	  "  ServerName plain.test\n"
	  "</VirtualHost>\n"
	  "Include none/*.conf\n"
	  "==> sites/a.conf\n"
	  "<IfModule mod_ssl.c>\n"
	  "<VirtualHost _default_:443>\n"
	  "    ServerName https://a.test:443\n"
	  "    ServerAlias www.a.test *.a.test\n"
	  "    SSLEngine on\n"
	  "    SSLCertificateFile ${CERTS}/a.pem\n"
	  "    SSLCertificateFile \"${CERTS}/a ec.pem\"\n"
	  "    SSLCertificateKeyFile \\\n"
	  "        a.key\n"
	  "    SSLCertificateChainFile chain.pem\n"
	  "    SSLCACertificateFile /ca/clients.pem\n"
	  "</VirtualHost>\n"
	  "<VirtualHost 127.0.0.1:8443>\n"
	  "    sslengine On\n"
	  "    SSLCertificateFile combined.pem\n"
	  "    SSLCertificateKeyFile ${CERTDIAG_UNDEFINED_X}/k.pem\n"
	  "</VirtualHost>\n"
	  "</IfModule>\n",
	  "D apache a.test (T/sites/a.conf:2)\n"
	  " listen *:443\n"
	  " name a.test\n"
	  " name www.a.test\n"
	  " name *.a.test\n"
	  " cert /etc/certs/a.pem @T/sites/a.conf:6\n"
	  " key T/a.key @T/sites/a.conf:8\n"
	  " cert+key /etc/certs/a ec.pem @T/sites/a.conf:7\n"
	  " chain T/chain.pem @T/sites/a.conf:10\n"
	  " client-ca /ca/clients.pem @T/sites/a.conf:11\n"
	  "D apache virtual host (T/sites/a.conf:13)\n"
	  " listen 127.0.0.1:8443\n"
	  " cert T/combined.pem @T/sites/a.conf:15\n"
	  " key T/main.key @T/apache2.conf:2\n",
	  "source-unsupported warn T/sites/a.conf:16\n"
	  "source-unreadable error T/apache2.conf:8\n", 0 },
	/* 8: Apache: the main server itself, key in the certificate */
	{ "apache", "httpd.conf",
	  "==> httpd.conf\n"
	  "ServerName main.test\n"
	  "SSLEngine on\n"
	  "SSLCertificateFile all.pem\n"
	  "</VirtualHost>\n",
	  "D apache main.test (T/httpd.conf:3)\n"
	  " name main.test\n"
	  " cert+key T/all.pem @T/httpd.conf:3\n",
	  "source-syntax error T/httpd.conf:4\n", 0 },
	/* 9: HAProxy: crt file with .key, crt directory with side files,
	 * crt-list with options and SNI filters, crt-base and ca-base */
	{ "haproxy", "haproxy.cfg",
	  "==> haproxy.cfg\n"
	  "global\n"
	  "    crt-base certs\n"
	  "    ca-base /ca\n"
	  "frontend www\n"
	  "    bind :443 ssl crt site.pem crt dir ca-file clients.pem alpn h2\n"
	  "    bind 127.0.0.1:8443,127.0.0.2:8443 ssl crt-list list.txt\n"
	  "backend b\n"
	  "    server s 127.0.0.1:80 ssl crt client.pem\n"
	  "==> certs/site.pem\n"
	  "==> certs/site.pem.key\n"
	  "==> certs/dir/one.pem\n"
	  "==> certs/dir/one.pem.ocsp\n"
	  "==> certs/dir/two.pem\n"
	  "==> certs/dir/two.pem.issuer\n"
	  "==> certs/list.txt\n"
	  "# comment\n"
	  "site.pem [ca-file cl2.pem alpn h2] a.test !b.test *.c.test\n"
	  "\n"
	  "/abs/x.pem\n",
	  "D haproxy frontend www T/certs/site.pem (T/haproxy.cfg:5)\n"
	  " listen *:443\n"
	  " cert T/certs/site.pem @T/haproxy.cfg:5\n"
	  " key T/certs/site.pem.key @T/haproxy.cfg:5\n"
	  " client-ca /ca/clients.pem @T/haproxy.cfg:5\n"
	  "D haproxy frontend www T/certs/dir/one.pem (T/haproxy.cfg:5)\n"
	  " listen *:443\n"
	  " cert+key T/certs/dir/one.pem @T/haproxy.cfg:5\n"
	  " client-ca /ca/clients.pem @T/haproxy.cfg:5\n"
	  "D haproxy frontend www T/certs/dir/two.pem (T/haproxy.cfg:5)\n"
	  " listen *:443\n"
	  " cert+key T/certs/dir/two.pem @T/haproxy.cfg:5\n"
	  " trusted T/certs/dir/two.pem.issuer @T/haproxy.cfg:5\n"
	  " client-ca /ca/clients.pem @T/haproxy.cfg:5\n"
	  "D haproxy frontend www T/certs/site.pem (T/certs/list.txt:2)\n"
	  " listen 127.0.0.1:8443\n"
	  " name a.test\n"
	  " name *.c.test\n"
	  " cert T/certs/site.pem @T/certs/list.txt:2\n"
	  " key T/certs/site.pem.key @T/certs/list.txt:2\n"
	  " client-ca /ca/cl2.pem @T/certs/list.txt:2\n"
	  "D haproxy frontend www /abs/x.pem (T/certs/list.txt:4)\n"
	  " listen 127.0.0.1:8443\n"
	  " cert+key /abs/x.pem @T/certs/list.txt:4\n",
	  "", 0 },
	/* 10: HAProxy: a missing crt-list, an unterminated quote */
	{ "haproxy", "haproxy.cfg",
	  "==> haproxy.cfg\n"
	  "listen l\n"
	  "    bind ipv4@127.0.0.1:9443 ssl crt-list nope.txt\n"
	  "    bind :443 ssl crt \"open\n",
	  "",
	  "source-unreadable error T/haproxy.cfg:2\n"
	  "source-syntax error T/haproxy.cfg:3\n", 0 },
	/* 11: Postfix: $var expansion, key_file defaulting to the
	 * certificate, continuation lines, an unknown parameter */
	{ "postfix", "main.cf",
	  "==> main.cf\n"
	  "# comment\n"
	  "myhostname = mail.example.test\n"
	  "certs = /etc/pf\n"
	  "smtpd_tls_cert_file = ${certs}/rsa.pem\n"
	  "smtpd_tls_eccert_file = $certs/ec.pem\n"
	  "smtpd_tls_eckey_file =\n"
	  "    $(certs)/ec.key\n"
	  "smtpd_tls_CAfile = $unknown_thing/ca.pem\n",
	  "D postfix smtpd mail.example.test (T/main.cf)\n"
	  " name mail.example.test\n"
	  " cert+key /etc/pf/rsa.pem @T/main.cf:4\n"
	  " cert /etc/pf/ec.pem @T/main.cf:5\n"
	  " key /etc/pf/ec.key @T/main.cf:6\n",
	  "source-unsupported warn T/main.cf:8\n", 0 },
	/* 12: Postfix: smtpd_tls_chain_files wins; a reference loop */
	{ "postfix", "main.cf",
	  "==> main.cf\n"
	  "a = $b\n"
	  "b = ${a}\n"
	  "myhostname = $a\n"
	  "smtpd_tls_cert_file = /old.pem\n"
	  "smtpd_tls_chain_files = k.pem, ${config_directory}/c.pem\n",
	  "D postfix smtpd server (T/main.cf)\n"
	  " cert+key T/k.pem @T/main.cf:5\n"
	  " cert+key T/c.pem @T/main.cf:5\n",
	  "source-unsupported warn T/main.cf:3\n", 0 },
	/* 13: Dovecot: includes relative to the including file, alt
	 * certificates, local_name blocks inheriting the rest */
	{ "dovecot", "dovecot.conf",
	  "==> dovecot.conf\n"
	  "ssl = required\n"
	  "ssl_cert = </etc/dc/cert.pem\n"
	  "ssl_key = <key.pem\n"
	  "!include conf.d/*.conf\n"
	  "!include_try missing.conf\n"
	  "service imap-login {\n"
	  "  inet_listener imaps {\n"
	  "    port = 993\n"
	  "  }\n"
	  "}\n"
	  "local_name mail.a.test {\n"
	  "  ssl_cert = <a.pem\n"
	  "  ssl_key = \"<a.key\"\n"
	  "}\n"
	  "protocol imap {\n"
	  "  ssl_ca = <ca.pem\n"
	  "}\n"
	  "ssl_ca = -----BEGIN CERTIFICATE-----\n"
	  "==> conf.d/10-ssl.conf\n"
	  "ssl_alt_cert = <ec.pem\n"
	  "ssl_alt_key = <ec.key\n",
	  "D dovecot server (T/dovecot.conf:2)\n"
	  " cert /etc/dc/cert.pem @T/dovecot.conf:2\n"
	  " key T/key.pem @T/dovecot.conf:3\n"
	  " cert T/conf.d/ec.pem @T/conf.d/10-ssl.conf:1\n"
	  " key T/conf.d/ec.key @T/conf.d/10-ssl.conf:2\n"
	  "D dovecot local_name mail.a.test (T/dovecot.conf:12)\n"
	  " name mail.a.test\n"
	  " cert T/a.pem @T/dovecot.conf:12\n"
	  " key T/a.key @T/dovecot.conf:13\n"
	  " cert T/conf.d/ec.pem @T/conf.d/10-ssl.conf:1\n"
	  " key T/conf.d/ec.key @T/conf.d/10-ssl.conf:2\n",
	  "source-unsupported warn T/dovecot.conf:18\n", 0 },
	/* 14: Dovecot: ssl = no serves nothing */
	{ "dovecot", "dovecot.conf",
	  "==> dovecot.conf\n"
	  "ssl = no\n"
	  "ssl_cert = <c.pem\n"
	  "}\n",
	  "",
	  "source-syntax error T/dovecot.conf:3\n", 0 },
	/* 15: Apache: mod_macro; Use within a macro; what Apache refuses:
	 * a wrong number of arguments, an unknown or undefined macro */
	{ "apache", "apache2.conf",
	  "==> apache2.conf\n"
	  "<Macro SSLHost $host $dir>\n"
	  "<VirtualHost *:443>\n"
	  "  ServerName $host\n"
	  "  SSLEngine on\n"
	  "  SSLCertificateFile /certs/$dir/fullchain.pem\n"
	  "  SSLCertificateKeyFile \"/certs/$dir/privkey.pem\"\n"
	  "</VirtualHost>\n"
	  "</Macro>\n"
	  "<macro Twice $a>\n"
	  "  Use SSLHost $a.test $a\n"
	  "  Use SSLHost www.$a.test www\n"
	  "</macro>\n"
	  "Use SSLHost one.test one\n"
	  "Use twice two\n"
	  "Use SSLHost bad\n"
	  "Use Nothing x\n"
	  "UndefMacro SSLHost\n"
	  "Use SSLHost three.test three\n",
	  "D apache one.test (T/apache2.conf:13)\n"
	  " listen *:443\n"
	  " name one.test\n"
	  " cert /certs/one/fullchain.pem @T/apache2.conf:13\n"
	  " key /certs/one/privkey.pem @T/apache2.conf:13\n"
	  "D apache two.test (T/apache2.conf:14)\n"
	  " listen *:443\n"
	  " name two.test\n"
	  " cert /certs/two/fullchain.pem @T/apache2.conf:14\n"
	  " key /certs/two/privkey.pem @T/apache2.conf:14\n"
	  "D apache www.two.test (T/apache2.conf:14)\n"
	  " listen *:443\n"
	  " name www.two.test\n"
	  " cert /certs/www/fullchain.pem @T/apache2.conf:14\n"
	  " key /certs/www/privkey.pem @T/apache2.conf:14\n",
	  "source-syntax error T/apache2.conf:15\n"
	  "source-syntax error T/apache2.conf:16\n"
	  "source-syntax error T/apache2.conf:18\n", 0 },
	/* 16: Apache: a macro used inside itself; one left open */
	{ "apache", "apache2.conf",
	  "==> apache2.conf\n"
	  "<Macro Loop $x>\n"
	  "  Use Loop $x\n"
	  "</Macro>\n"
	  "Use Loop a\n"
	  "Include open.conf\n"
	  "SSLEngine on\n"
	  "SSLCertificateFile main.pem\n"
	  "==> open.conf\n"
	  "<Macro Open>\n"
	  "SSLCertificateFile never.pem\n",
	  "D apache main server (T/apache2.conf:7)\n"
	  " cert+key T/main.pem @T/apache2.conf:7\n",
	  "source-syntax error T/apache2.conf:4\n"
	  "source-syntax error T/open.conf:1\n", 0 },
};

START_TEST(test_source_case)
{
	const struct tcase_src *c = &cases[_i];
	char tmp[] = "/tmp/check_deploy.XXXXXX", path[PATH_MAX];
	const struct source_desc *src = source_find(c->source);
	struct deployments ds;
	struct findings fs;
	char *got, *gotf;
	int rc;

	ck_assert_ptr_nonnull(src);
	ck_assert_ptr_nonnull(mkdtemp(tmp));
	write_tree(tmp, c->tree);
	snprintf(path, sizeof(path), "%s/%s", tmp, c->main);
	deployments_init(&ds);
	findings_init(&fs);
	rc = src->read(path, &ds, &fs);
	got = dump(&ds, tmp);
	gotf = dump_findings(&fs, tmp);
	ck_assert_msg(strcmp(got, c->deployments) == 0,
	    "case %d deployments:\n%s\nexpected:\n%s", _i, got,
	    c->deployments);
	ck_assert_msg(strcmp(gotf, c->findings) == 0,
	    "case %d findings:\n%s\nexpected:\n%s", _i, gotf, c->findings);
	ck_assert_int_eq(rc, c->rc);
	for (size_t i = 0; i < fs.n; i++)	/* every finding says why */
		ck_assert(fs.v[i].message != NULL &&
		    strncmp(fs.v[i].message, c->source,
		    strlen(c->source)) == 0);
	free(got);
	free(gotf);
	deployments_free(&ds);
	findings_free(&fs);
	remove_tree(tmp);
}
END_TEST

/* Each format is recognised by its usual name or a content clue, and a
 * certificate is not taken for a configuration. */
START_TEST(test_sniff)
{
	static const struct {
		const char *name, *content, *source;
	} s[] = {
		{ "nginx.conf", "# empty\n", "nginx" },
		{ "site", "server {\n ssl_certificate a.pem;\n}\n", "nginx" },
		{ "apache2.conf", "# x\n", "apache" },
		{ "vhost", "<VirtualHost *:443>\n", "apache" },
		{ "haproxy.cfg", "# x\n", "haproxy" },
		{ "lb", "frontend a\n  bind :443 ssl crt x\n", "haproxy" },
		{ "main.cf", "# x\n", "postfix" },
		{ "dovecot.conf", "# x\n", "dovecot" },
		{ "10-ssl.conf", "ssl_cert = </a.pem\n", "dovecot" },
		{ "cert.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n", NULL },
	};
	char tmp[] = "/tmp/check_deploy.XXXXXX", path[PATH_MAX];

	ck_assert_ptr_nonnull(mkdtemp(tmp));
	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		const struct source_desc *d;
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", tmp, s[i].name);
		ck_assert_ptr_nonnull(f = fopen(path, "w"));
		fputs(s[i].content, f);
		fclose(f);
		d = source_sniff(path);
		if (s[i].source == NULL)
			ck_assert_msg(d == NULL, "%s taken for %s", s[i].name,
			    d->name);
		else
			ck_assert_msg(d != NULL &&
			    strcmp(d->name, s[i].source) == 0,
			    "%s: got %s", s[i].name, d ? d->name : "none");
	}
	ck_assert_ptr_null(source_sniff(tmp));	/* a directory */
	remove_tree(tmp);
}
END_TEST

/* Reads path with the named source into fresh ds and fs. */
static void
read_source(const char *source, const char *path, struct deployments *ds,
    struct findings *fs)
{
	const struct source_desc *src = source_find(source);

	ck_assert_ptr_nonnull(src);
	deployments_init(ds);
	findings_init(fs);
	src->read(path, ds, fs);
}

/* An include that sweeps a whole tree (as "Include /" would) ends at
 * the source's path budget with one source-limit finding, and a binary
 * swept in is named, not parsed: a folder of 1100 (empty) folders
 * included 15 times names more than CONF_MAX_PATHS paths, though it
 * holds no file. */
START_TEST(test_include_budget)
{
	char tmp[] = "/tmp/check_deploy.XXXXXX", path[PATH_MAX];
	struct deployments ds;
	struct findings fs;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(tmp));
	write_tree(tmp, "==> tree/0/bin\nx\n");
	snprintf(path, sizeof(path), "%s/apache2.conf", tmp);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs("Include tree/0\n", f);
	for (int i = 0; i < 15; i++)
		fputs("IncludeOptional tree/d/*\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/tree/0/bin", tmp);
	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	fwrite("\x7f" "ELF\0\0", 1, 6, f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/tree/d", tmp);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	for (int i = 0; i < 1100; i++) {
		snprintf(path, sizeof(path), "%s/tree/d/%d", tmp, i);
		ck_assert_int_eq(mkdir(path, 0700), 0);
	}
	snprintf(path, sizeof(path), "%s/apache2.conf", tmp);
	read_source("apache", path, &ds, &fs);
	ck_assert_uint_eq(fs.n, 2);
	for (size_t i = 0; i < fs.n; i++)
		if (strcmp(fs.v[i].id, "source-limit") == 0)
			ck_assert_msg(strstr(fs.v[i].message,
			    "more than 16384 paths") != NULL, "%s",
			    fs.v[i].message);
		else {
			ck_assert_str_eq(fs.v[i].id, "source-unreadable");
			ck_assert_ptr_nonnull(strstr(fs.v[i].message,
			    "tree/0/bin is not a text file"));
		}
	deployments_free(&ds);
	findings_free(&fs);
	remove_tree(tmp);
}
END_TEST

/* A name that cannot be expanded inside ${name?text} is named in the
 * finding: it was once read from the text after that text was freed. */
START_TEST(test_postfix_unset_in_conditional)
{
	char tmp[] = "/tmp/check_deploy.XXXXXX", path[PATH_MAX];
	struct deployments ds;
	struct findings fs;

	ck_assert_ptr_nonnull(mkdtemp(tmp));
	write_tree(tmp, "==> main.cf\nd = /etc\n"
	    "smtpd_tls_cert_file = ${d?$nosuch_name}/c.pem\n");
	snprintf(path, sizeof(path), "%s/main.cf", tmp);
	read_source("postfix", path, &ds, &fs);
	ck_assert_uint_ge(fs.n, 1);
	ck_assert_str_eq(fs.v[0].id, "source-unsupported");
	ck_assert_msg(strstr(fs.v[0].message, "(nosuch_name is not set in "
	    "main.cf)") != NULL, "%s", fs.v[0].message);
	deployments_free(&ds);
	findings_free(&fs);
	remove_tree(tmp);
}
END_TEST

/* Macros of macros: 64 Use of 64 Use of 64 Use is 262,144 lines from
 * a file of 200; expansion ends at MACRO_MAX_LINES with one
 * source-limit finding. */
START_TEST(test_macro_budget)
{
	char tmp[] = "/tmp/check_deploy.XXXXXX", path[PATH_MAX];
	struct deployments ds;
	struct findings fs;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(tmp));
	snprintf(path, sizeof(path), "%s/apache2.conf", tmp);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs("<Macro M0 $x>\nServerAlias $x\n</Macro>\n", f);
	for (int m = 1; m <= 3; m++) {
		fprintf(f, "<Macro M%d $x>\n", m);
		for (int i = 0; i < 64; i++)
			fprintf(f, "Use M%d $x\n", m - 1);
		fputs("</Macro>\n", f);
	}
	fputs("Use M3 a.test\n", f);
	fclose(f);
	read_source("apache", path, &ds, &fs);
	ck_assert_uint_eq(fs.n, 1);
	ck_assert_str_eq(fs.v[0].id, "source-limit");
	ck_assert_msg(strstr(fs.v[0].message, "more than 65536 lines") !=
	    NULL, "%s", fs.v[0].message);
	deployments_free(&ds);
	findings_free(&fs);
	remove_tree(tmp);
}
END_TEST

/* The tokenizer on its own: escapes, ${var}, comments, line numbers. */
START_TEST(test_lex)
{
	const char *text = "a \"b\\\"c\" 'd e' f\\ g ${x}y; # c ; {\n"
	    "blk {\n}\n";
	struct conf_stmt st = { 0 };
	struct conf_lex lx;

	conf_lex_init(&lx, text, strlen(text));
	ck_assert_int_eq(conf_lex_next(&lx, &st), CONF_DIRECTIVE);
	ck_assert_uint_eq(st.argc, 5);
	ck_assert_str_eq(st.argv[1], "b\"c");
	ck_assert_str_eq(st.argv[2], "d e");
	ck_assert_str_eq(st.argv[3], "f\\ g");	/* as nginx */
	ck_assert_str_eq(st.argv[4], "${x}y");
	ck_assert_int_eq(conf_lex_next(&lx, &st), CONF_BLOCK);
	ck_assert_uint_eq(st.line, 2);
	ck_assert_int_eq(conf_lex_next(&lx, &st), CONF_CLOSE);
	ck_assert_uint_eq(st.line, 3);
	ck_assert_int_eq(conf_lex_next(&lx, &st), CONF_EOF);
	ck_assert(conf_split("x \"a b\" 'c' d\\ e # rest", 23, &st));
	ck_assert_uint_eq(st.argc, 4);
	ck_assert_str_eq(st.argv[1], "a b");
	ck_assert_str_eq(st.argv[3], "d e");
	ck_assert(!conf_split("x \"open", 7, &st));
	conf_stmt_free(&st);
}
END_TEST

static Suite *
deploy_suite(void)
{
	Suite *s = suite_create("deploy");
	TCase *tc = tcase_create("sources");

	tcase_add_loop_test(tc, test_source_case, 0,
	    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_sniff);
	tcase_add_test(tc, test_lex);
	tcase_add_test(tc, test_macro_budget);
	tcase_add_test(tc, test_postfix_unset_in_conditional);
	suite_add_tcase(s, tc);
	/* thousands of folders made and removed: the file system's pace on
	 * a busy machine, not the code's, sets its wall time */
	tc = tcase_create("budget");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_include_budget);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tl_run_suite(deploy_suite());
}
