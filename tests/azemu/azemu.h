/* azemu: a local emulator of the Azure Resource Manager subset sockerless
 * uses.  This header holds the emulator instance every module shares. */
#ifndef AZEMU_H
#define AZEMU_H

#include <pthread.h>
#include <stdint.h>

#include <json-c/json.h>

struct azemu_faults;
struct azemu_reqlog;
struct azemu_runner;

/** Knobs: set by flags at start, changed by PATCH /_azemu/config. */
struct azemu_config {
	int lro_polls;                  /* InProgress/202 answers before an operation ends */
	int start_async;                /* jobs/start answers 202 + Location instead of 200 */
	int64_t execution_ms;           /* Running -> Succeeded after this; < 0: never by itself */
	int64_t share_delete_window_ms; /* a deleted share's name is blocked this long */
	int64_t token_lifetime_s;
	int poll_retry_after_s;         /* Retry-After on 201/202 and polls; 0: none sent */
	int page_size;                  /* items per page of lists (nextLink after) */
	char *tenant_id;                /* NULL: any tenant */
	char *client_id;                /* service principal / workload identity */
	char *client_secret;
	char *federated_token;          /* accepted client assertion */
	int managed_identity;           /* IMDS answers */
	char *identity_header;          /* /msi/token answers when set */
	char *data_dir;                 /* shares are directories under <data_dir>/shares */
	char *state_file;               /* NULL: state in memory only */
};

/** The emulator. */
struct azemu {
	pthread_mutex_t lock;           /* guards everything below */
	struct azemu_config cfg;
	json_object *state;             /* resources, tokens, operations (see state.c) */
	int dirty;                      /* state changed since the last save */
	struct azemu_faults *faults;
	struct azemu_reqlog *reqlog;
	const struct azemu_runner *runner;
};

/** Unix time in ms. */
int64_t azemu_now_ms(void);

/** "2026-11-29T13:12:00.1234567Z"-style UTC time of ms (static buffer per thread). */
const char *azemu_iso_time(int64_t ms);

/** n random lowercase letters and digits into buf (n + 1 bytes). */
void azemu_random_name(char *buf, size_t n);

/** A random RFC 4122 UUID into buf (37 bytes). */
void azemu_uuid(char *buf);

/** A random base64 string of n random bytes, malloc'd (storage keys). */
char *azemu_random_base64(size_t n);

/** strdup that aborts when memory is exhausted; NULL gives NULL. */
char *azemu_strdup(const char *s);

/** Lowercase copy of s into buf (at most cap - 1 bytes). */
void azemu_lower(char *buf, size_t cap, const char *s);

#endif
