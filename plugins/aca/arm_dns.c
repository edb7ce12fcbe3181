/* Typed calls for Private DNS A record sets. */
#include "config.h"

#include <string.h>

#include "plugins/aca/arm_json.h"
#include "plugins/aca/arm_request.h"
#include "plugins/aca/arm_url.h"

static char *zone_path(struct aca_arm_client *c, struct aca_arm_arena *a, const char *zone)
{
	return aca_arm_resource_path(c, a, "Microsoft.Network/privateDnsZones/%s", aca_arm_url_escape(a, zone));
}

static char *record_path(struct aca_arm_client *c, struct aca_arm_arena *a, const char *zone,
                         const char *name)
{
	return aca_arm_arena_sprintf(a, "%s/A/%s", zone_path(c, a, zone), aca_arm_url_escape(a, name));
}

static void parse_record(struct aca_arm_arena *arena, json_object *obj, const char *etag_header,
                         struct aca_arm_dns_a *out)
{
	json_object *props = aca_arm_json_get(obj, "properties");
	json_object *recs = aca_arm_json_get(props, "aRecords");

	memset(out, 0, sizeof(*out));
	out->id = aca_arm_json_string(arena, obj, "id");
	out->name = aca_arm_json_string(arena, obj, "name");
	out->etag = aca_arm_json_string(arena, obj, "etag");
	if (out->etag == NULL)
		out->etag = etag_header;
	out->fqdn = aca_arm_json_string(arena, props, "fqdn");
	out->ttl = (long)aca_arm_json_int(props, "ttl", 0);
	out->metadata = aca_arm_json_map(arena, aca_arm_json_get(props, "metadata"));
	if (recs != NULL && json_object_is_type(recs, json_type_array)) {
		size_t n = json_object_array_length(recs), k = 0;
		const char **ips = aca_arm_arena_alloc(arena, n * sizeof(*ips) + 1);

		for (size_t i = 0; i < n; i++) {
			const char *ip = aca_arm_json_string(arena, json_object_array_get_idx(recs, i), "ipv4Address");

			if (ip != NULL)
				ips[k++] = ip;
		}
		out->ipv4.count = k;
		out->ipv4.items = ips;
	}
}

static int answer_record(struct aca_arm_client *c, struct aca_arm_arena *arena, const struct aca_arm_answer *ans,
                         const char *what, struct aca_arm_dns_a *out, struct aca_arm_error *err)
{
	json_object *root = aca_arm_json_parse(ans->body, ans->body_len);

	if (root == NULL) {
		aca_arm_error_set(err, c->rt.redactor, SL_ERR_INTERNAL, "%s: the answer is not a JSON object",
		              what);
		return err->status;
	}
	parse_record(arena, root, ans->etag, out);
	json_object_put(root);
	return SL_OK;
}

int aca_arm_dns_a_put(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *zone,
                  const char *name, const struct aca_arm_dns_a_spec *spec,
                  const struct aca_arm_precondition *pre, struct aca_arm_dns_a *out, struct aca_arm_error *err)
{
	const char *what = aca_arm_arena_sprintf(arena, "DNS record %s.%s", name, zone);
	json_object *body = json_object_new_object(), *props = json_object_new_object();
	json_object *recs = json_object_new_array();
	struct aca_arm_call call = { "PUT", record_path(c, arena, zone, name), ACA_ARM_API_PRIVATE_DNS, NULL,
		                 NULL, 1, pre != NULL ? pre->if_match : NULL,
		                 pre != NULL && pre->if_none_match, what };
	struct aca_arm_answer ans;
	int rc;

	json_object_object_add(props, "ttl", json_object_new_int64(spec->ttl));
	for (size_t i = 0; i < spec->ipv4.count; i++) {
		json_object *r = json_object_new_object();

		json_object_object_add(r, "ipv4Address", json_object_new_string(spec->ipv4.items[i]));
		json_object_array_add(recs, r);
	}
	json_object_object_add(props, "aRecords", recs);
	if (spec->metadata.count > 0)
		json_object_object_add(props, "metadata", aca_arm_json_from_map(&spec->metadata));
	json_object_object_add(body, "properties", props);
	call.body = aca_arm_json_finish(arena, body, 0);
	rc = aca_arm_send(c, arena, &call, &ans, err);
	if (rc != SL_OK)
		return rc;
	return answer_record(c, arena, &ans, what, out, err);
}

int aca_arm_dns_a_get(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *zone,
                  const char *name, struct aca_arm_dns_a *out, struct aca_arm_error *err)
{
	const char *what = aca_arm_arena_sprintf(arena, "DNS record %s.%s", name, zone);
	struct aca_arm_call call = { "GET", record_path(c, arena, zone, name), ACA_ARM_API_PRIVATE_DNS, NULL,
		                 NULL, 1, NULL, 0, what };
	struct aca_arm_answer ans;
	int rc = aca_arm_send(c, arena, &call, &ans, err);

	if (rc != SL_OK)
		return rc;
	return answer_record(c, arena, &ans, what, out, err);
}

int aca_arm_dns_a_list(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *zone,
                   struct aca_arm_dns_a_list *out, struct aca_arm_error *err)
{
	const char *what = aca_arm_arena_sprintf(arena, "DNS records of %s", zone);
	struct aca_arm_call call = { "GET", aca_arm_arena_sprintf(arena, "%s/A", zone_path(c, arena, zone)),
		                 ACA_ARM_API_PRIVATE_DNS, NULL, NULL, 1, NULL, 0, what };
	json_object *items;
	struct aca_arm_dns_a *list;
	size_t len;
	int rc = aca_arm_list_all(c, arena, &call, &items, err);

	if (rc != SL_OK)
		return rc;
	len = json_object_array_length(items);
	list = aca_arm_arena_alloc(arena, len * sizeof(*list) + 1);
	for (size_t i = 0; i < len; i++)
		parse_record(arena, json_object_array_get_idx(items, i), NULL, &list[i]);
	json_object_put(items);
	out->count = len;
	out->items = list;
	return SL_OK;
}

int aca_arm_dns_a_delete(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *zone,
                     const char *name, const struct aca_arm_precondition *pre, int *existed,
                     struct aca_arm_error *err)
{
	const char *what = aca_arm_arena_sprintf(arena, "DNS record %s.%s", name, zone);
	struct aca_arm_call call = { "DELETE", record_path(c, arena, zone, name), ACA_ARM_API_PRIVATE_DNS, NULL,
		                 NULL, 1, pre != NULL ? pre->if_match : NULL, 0, what };
	struct aca_arm_answer ans;
	int rc = aca_arm_send(c, arena, &call, &ans, err);

	if (rc != SL_OK)
		return rc;
	if (existed != NULL)
		*existed = ans.status != 204;
	return SL_OK;
}
