#include "config.h"

#include <stddef.h>

#include <openssl/x509_vfy.h>

#include "verify_reason.h"

static const struct {
	int code;
	const char *text;
	const char *hint;
} reasons[] = {
	{ X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
	  "the issuer of %s is neither among the files given nor in the "
	  "trust store", NULL },
	{ X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT,
	  "the issuer of %s could not be found", NULL },
	{ X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE,
	  "the issuer of %s is missing, so its signature cannot be checked",
	  NULL },
	{ X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT,
	  "%s is self-signed and is not a trust anchor",
	  "get the certificate issued by a CA; to trust this one on purpose, "
	  "pass it with --ca (and install it on every client)" },
	{ X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN,
	  "the chain ends at root %s, which is not a trust anchor here",
	  "if this private root is yours, pass it with --ca and install it on "
	  "every client; otherwise serve the chain that leads to a publicly "
	  "trusted root" },
	{ X509_V_ERR_CERT_HAS_EXPIRED, "%s has expired",
	  "replace the certificate with its current version from the CA" },
	{ X509_V_ERR_CERT_NOT_YET_VALID, "%s is not valid yet",
	  "check the clock of this machine, or wait until the certificate "
	  "becomes valid" },
	{ X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD,
	  "%s has a malformed notBefore date", "have the CA reissue it" },
	{ X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD,
	  "%s has a malformed notAfter date", "have the CA reissue it" },
	{ X509_V_ERR_CERT_SIGNATURE_FAILURE,
	  "the signature on %s does not verify with its issuer's key",
	  "the issuer given is not the one that signed it (same name, other "
	  "key) or the file is corrupt: get the matching intermediate from "
	  "the CA" },
	{ X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE,
	  "the signature on %s cannot be decoded", "have the CA reissue it" },
	{ X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY,
	  "the public key of the issuer of %s cannot be decoded",
	  "get a valid copy of the issuer certificate" },
	{ X509_V_ERR_INVALID_CA,
	  "%s issues certificates but is not a CA certificate "
	  "(basicConstraints CA:TRUE is missing)",
	  "only a CA certificate may sign others: have the leaf issued by a "
	  "real CA certificate" },
	{ X509_V_ERR_PATH_LENGTH_EXCEEDED,
	  "the path below %s is longer than its pathLenConstraint allows",
	  "have the leaf issued by a CA allowed to issue at this depth, or "
	  "reissue the CA with a larger pathlen" },
	{ X509_V_ERR_INVALID_PURPOSE,
	  "%s is not allowed for this purpose (extendedKeyUsage)",
	  "use a certificate whose extendedKeyUsage allows serverAuth (or "
	  "clientAuth for --purpose client)" },
	{ X509_V_ERR_CERT_UNTRUSTED, "%s is not trusted for this purpose",
	  NULL },
	{ X509_V_ERR_CERT_REJECTED, "%s is marked as rejected for this purpose",
	  NULL },
	{ X509_V_ERR_KEYUSAGE_NO_CERTSIGN,
	  "%s signs certificates but its keyUsage lacks keyCertSign",
	  "have the CA certificate reissued with keyUsage keyCertSign" },
	{ X509_V_ERR_PERMITTED_VIOLATION,
	  "%s has a name outside the names its issuer is permitted to certify "
	  "(name constraints)",
	  "have the certificate issued by a CA whose name constraints permit "
	  "its names" },
	{ X509_V_ERR_EXCLUDED_VIOLATION,
	  "%s has a name its issuer's name constraints exclude",
	  "have the certificate issued by a CA whose name constraints permit "
	  "its names" },
	{ X509_V_ERR_SUBTREE_MINMAX,
	  "a name constraint above %s uses minimum/maximum, which is not "
	  "supported", NULL },
	{ X509_V_ERR_UNSUPPORTED_CONSTRAINT_TYPE,
	  "a name constraint above %s has an unsupported type", NULL },
	{ X509_V_ERR_UNSUPPORTED_CONSTRAINT_SYNTAX,
	  "a name constraint above %s has an unsupported syntax", NULL },
	{ X509_V_ERR_UNSUPPORTED_NAME_SYNTAX,
	  "%s has a name whose syntax name constraints cannot check", NULL },
#ifdef X509_V_ERR_NAME_CONSTRAINTS_WITHOUT_SANS
	{ X509_V_ERR_NAME_CONSTRAINTS_WITHOUT_SANS,
	  "%s relies on its subject CN while an issuer has name constraints",
	  "reissue the certificate with a subjectAltName" },
#endif
	{ X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION,
	  "%s has a critical extension OpenSSL does not understand",
	  "have the certificate reissued without that extension marked "
	  "critical" },
	{ X509_V_ERR_INVALID_EXTENSION, "%s has an invalid extension",
	  "have the certificate reissued" },
	{ X509_V_ERR_INVALID_POLICY_EXTENSION,
	  "%s has an invalid policy extension",
	  "have the certificate reissued" },
	{ X509_V_ERR_NO_EXPLICIT_POLICY,
	  "the path through %s does not satisfy the required policy", NULL },
	{ X509_V_ERR_CERT_CHAIN_TOO_LONG,
	  "the chain above %s is longer than the verification depth allows",
	  "raise the verifying client's depth limit (--verify-depth here; "
	  "on a server, nginx ssl_verify_depth and Apache SSLVerifyDepth "
	  "limit client certificates only), or have the certificate issued "
	  "by a CA closer to the root" },
	{ X509_V_ERR_AKID_SKID_MISMATCH,
	  "the authority key identifier of %s does not match its issuer",
	  "get the intermediate that actually signed it" },
	{ X509_V_ERR_AKID_ISSUER_SERIAL_MISMATCH,
	  "the authority key identifier of %s names another issuer serial",
	  "get the intermediate that actually signed it" },
	{ X509_V_ERR_EE_KEY_TOO_SMALL,
	  "the key of %s is too small for this security level",
	  "reissue it with an RSA key of at least 2048 bits or an EC key" },
	{ X509_V_ERR_CA_KEY_TOO_SMALL,
	  "the key of CA %s is too small for this security level",
	  "use a chain whose CA keys are at least 2048-bit RSA or EC" },
	{ X509_V_ERR_CA_MD_TOO_WEAK,
	  "%s is signed with a digest too weak for this security level "
	  "(e.g. SHA-1)",
	  "get the certificate reissued with a SHA-256 signature" },
	{ X509_V_ERR_INVALID_NON_CA,
	  "%s is not a CA but is marked as one in a way that is invalid",
	  NULL },
	{ X509_V_ERR_PROXY_CERTIFICATES_NOT_ALLOWED,
	  "%s is a proxy certificate, which is not allowed here", NULL },
	{ X509_V_ERR_EMPTY_SUBJECT_ALT_NAME,
	  "%s has an empty subjectAltName", "have the certificate reissued" },
	{ X509_V_ERR_CA_BCONS_NOT_CRITICAL,
	  "the basicConstraints of CA %s are not marked critical", NULL },
	{ X509_V_ERR_AUTHORITY_KEY_IDENTIFIER_CRITICAL,
	  "the authority key identifier of %s is marked critical", NULL },
	{ X509_V_ERR_SUBJECT_KEY_IDENTIFIER_CRITICAL,
	  "the subject key identifier of %s is marked critical", NULL },
	{ X509_V_ERR_MISSING_AUTHORITY_KEY_IDENTIFIER,
	  "%s has no authority key identifier", NULL },
	{ X509_V_ERR_MISSING_SUBJECT_KEY_IDENTIFIER,
	  "CA %s has no subject key identifier", NULL },
	{ X509_V_ERR_EC_KEY_EXPLICIT_PARAMS,
	  "%s has an EC key with explicit curve parameters",
	  "reissue it with a named curve (P-256, P-384)" },
	{ X509_V_ERR_KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA,
	  "%s has keyCertSign in its keyUsage but is not a CA", NULL },
	{ X509_V_ERR_PATHLEN_INVALID_FOR_NON_CA,
	  "%s has a pathLenConstraint but is not a CA", NULL },
	{ X509_V_ERR_PATHLEN_WITHOUT_KU_KEY_CERT_SIGN,
	  "%s has a pathLenConstraint but no keyCertSign in its keyUsage",
	  NULL },
	{ X509_V_ERR_CA_CERT_MISSING_KEY_USAGE,
	  "CA %s has no keyUsage extension",
	  "have the CA certificate reissued with keyUsage keyCertSign, "
	  "cRLSign" },
	{ X509_V_ERR_EXTENSIONS_REQUIRE_VERSION_3,
	  "%s has extensions but is not an X.509 v3 certificate", NULL },
	{ X509_V_ERR_ISSUER_NAME_EMPTY, "%s has an empty issuer name", NULL },
	{ X509_V_ERR_SUBJECT_NAME_EMPTY,
	  "%s has an empty subject name and no critical subjectAltName", NULL },
	{ X509_V_ERR_SIGNATURE_ALGORITHM_MISMATCH,
	  "the two signature algorithm fields of %s disagree", NULL },
	{ X509_V_ERR_SIGNATURE_ALGORITHM_INCONSISTENCY,
	  "the signature algorithm of %s does not fit its issuer's key", NULL },
};

static size_t
find(int code)
{
	for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (reasons[i].code == code)
			return i;
	return (size_t)-1;
}

const char *
verify_reason_text(int code)
{
	size_t i = find(code);

	return i == (size_t)-1 ? "%s does not verify" : reasons[i].text;
}

const char *
verify_reason_hint(int code)
{
	size_t i = find(code);

	return i == (size_t)-1 ? NULL : reasons[i].hint;
}

const char *
verify_reason_openssl(int code)
{
	return X509_verify_cert_error_string(code);
}
