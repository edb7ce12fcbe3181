/* JSON text columns for lists and maps that Docker echoes as submitted
 * (with its null-versus-empty distinction) and that no query looks into. */
#ifndef ACA_STORE_JSON_H
#define ACA_STORE_JSON_H

#include "plugins/aca/request.h"

/**
 * Encode a list as a JSON array in the arena; NULL when the list is not
 * present (a SQL NULL then means "null").  *out is set on SL_OK.
 */
int aca_json_from_strv(struct aca_req *r, const struct sl_strv *v, const char **out);

/** Decode what aca_json_from_strv wrote (NULL text: not present). */
int aca_json_to_strv(struct aca_req *r, const char *text, struct sl_strv *out);

/** Encode a map as a JSON object in the arena, keeping its order; NULL when absent. */
int aca_json_from_map(struct aca_req *r, const struct sl_map *m, const char **out);

/** Decode what aca_json_from_map wrote (NULL text: not present). */
int aca_json_to_map(struct aca_req *r, const char *text, struct sl_map *out);

#endif
