/* Keeping secrets out of logs and error messages.  Every line the ARM
 * client logs and every message it returns passes through aca_arm_redact(),
 * which removes (a) every secret the client has seen (client secret,
 * federated assertion, tokens, storage keys) and (b) anything that looks
 * like a credential by its syntax (bearer tokens, token fields). */
#ifndef ACA_ARM_REDACT_H
#define ACA_ARM_REDACT_H

#include <stddef.h>

/** What a removed secret is replaced with. */
#define ACA_ARM_REDACTED "[redacted]"

struct aca_arm_redactor;

/** Create an empty registry (thread-safe).  Free with aca_arm_redactor_free. */
struct aca_arm_redactor *aca_arm_redactor_new(void);

/** Wipe and free the registry (NULL is a no-op). */
void aca_arm_redactor_free(struct aca_arm_redactor *r);

/**
 * Remember a secret (copied).  Strings shorter than 6 bytes are ignored:
 * they would blank out ordinary words.  The registry keeps the most recent
 * secrets (a bounded number), which covers rotated tokens and keys.
 */
void aca_arm_redactor_add(struct aca_arm_redactor *r, const char *secret);

/**
 * Copy src to dst (dstlen > 0, always NUL-terminated, truncated if need
 * be) with secrets replaced by ACA_ARM_REDACTED.  r may be NULL (syntax rules
 * only).
 */
void aca_arm_redact(const struct aca_arm_redactor *r, const char *src, char *dst, size_t dstlen);

#endif
