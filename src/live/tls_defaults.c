#include "config.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "tls_defaults.h"

int
tls_default_seclevel(void)
{
	SSL_CTX *s;
	int level = -1;

	if ((s = SSL_CTX_new(TLS_method())) != NULL) {
		level = SSL_CTX_get_security_level(s);
		SSL_CTX_free(s);
	}
	ERR_clear_error();
	return level;
}
