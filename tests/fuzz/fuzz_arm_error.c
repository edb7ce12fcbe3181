/* Fuzz target: error bodies from Azure (ARM, login authority, identity
 * endpoints), parsed and turned into the plugin's error messages. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "plugins/aca/arm_arena.h"
#include "plugins/aca/arm_error.h"
#include "plugins/aca/arm_redact.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aca_arm_arena *arena = aca_arm_arena_new();
	struct aca_arm_redactor *redactor = aca_arm_redactor_new();
	char *body = aca_arm_arena_strndup(arena, (const char *)data, size);
	const char *code, *message;
	struct aca_arm_error err;

	/* A secret the messages must never carry, as a key could be echoed. */
	aca_arm_redactor_add(redactor, "c2VjcmV0LWtleQ==");
	(void)aca_arm_error_parse(arena, body, strlen(body), &code, &message);
	memset(&err, 0, sizeof(err));
	aca_arm_error_from_response(&err, redactor, "fuzz", 409, body, strlen(body), "req-1", NULL);
	if (strstr(err.message, "c2VjcmV0LWtleQ==") != NULL)
		__builtin_trap();
	aca_arm_error_clear(&err);
	aca_arm_redactor_free(redactor);
	aca_arm_arena_free(arena);
	return 0;
}
