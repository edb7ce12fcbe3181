/* Microsoft.Network private DNS zones (GET) and A record sets. */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "tests/azemu/arm.h"
#include "tests/azemu/schema.h"
#include "tests/azemu/state.h"

static const struct azemu_schema_codes dns_codes = { "BadRequest", "BadRequest" };

static const char *const record_types[] = { "A", "AAAA", "CNAME", "MX", "PTR", "SOA", "SRV", "TXT",
	                                    "ALL", NULL };

json_object *azemu_dns_zone_create(struct azemu *emu, json_object *sub, json_object *rg,
                                   const char *name)
{
	json_object *zones = azemu_obj(rg, "privateDnsZones", 1);
	json_object *entry = json_object_new_object(), *res = json_object_new_object();
	json_object *props = json_object_new_object();
	char id[1024], etag[37];

	snprintf(id, sizeof(id), "%s/providers/Microsoft.Network/privateDnsZones/%s",
	         azemu_rg_id(sub, rg), name);
	azemu_uuid(etag);
	json_object_object_add(res, "id", json_object_new_string(id));
	json_object_object_add(res, "name", json_object_new_string(name));
	json_object_object_add(res, "type", json_object_new_string("Microsoft.Network/privateDnsZones"));
	json_object_object_add(res, "location", json_object_new_string("global"));
	json_object_object_add(res, "etag", json_object_new_string(etag));
	json_object_object_add(props, "maxNumberOfRecordSets", json_object_new_int(25000));
	json_object_object_add(props, "numberOfVirtualNetworkLinks", json_object_new_int(0));
	json_object_object_add(props, "provisioningState", json_object_new_string("Succeeded"));
	json_object_object_add(res, "properties", props);
	json_object_object_add(entry, "resource", res);
	json_object_object_add(entry, "A", json_object_new_object());
	azemu_entry_put(zones, name, entry);
	emu->dirty = 1;
	return entry;
}

static int record_type_known(const char *t)
{
	for (const char *const *p = record_types; *p != NULL; p++) {
		if (strcasecmp(*p, t) == 0)
			return 1;
	}
	return 0;
}

/* An If-Match value equals etag: as sent, or with its quotes removed; "*" matches. */
static int etag_matches(const char *if_match, const char *etag)
{
	size_t n = strlen(if_match);

	if (strcmp(if_match, "*") == 0 || strcmp(if_match, etag) == 0)
		return 1;
	return n >= 2 && if_match[0] == '"' && if_match[n - 1] == '"' && strlen(etag) == n - 2 &&
	       strncmp(if_match + 1, etag, n - 2) == 0;
}

/* The preconditions of a write or delete; 412 and -1 when one fails. */
static int preconditions(struct azemu_arm *a, json_object *record, const char *name, int write)
{
	const char *if_match = azemu_header(a->req, "If-Match");
	const char *if_none = azemu_header(a->req, "If-None-Match");

	if (write && if_none != NULL && strcmp(if_none, "*") == 0 && record != NULL) {
		azemu_response_error(a->resp, 412, "PreconditionFailed",
		                     "The Record set %s cannot be created because it already exists.", name);
		return -1;
	}
	if (if_match != NULL) {
		if (record == NULL) {
			azemu_response_error(a->resp, 412, "PreconditionFailed",
			                     "The Record set %s does not exist.", name);
			return -1;
		}
		if (!etag_matches(if_match, azemu_str(azemu_entry_resource(record), "etag"))) {
			azemu_response_error(a->resp, 412, "PreconditionFailed",
			                     "The Record set %s has been modified (etag mismatch).", name);
			return -1;
		}
	}
	return 0;
}

static void put_record(struct azemu_arm *a, json_object *zone, const char *zone_name,
                       const char *name, int patch)
{
	json_object *records = azemu_obj(zone, "A", 1), *record = azemu_entry(records, name);
	json_object *given, *res, *props, *v, *recs;
	char lname[256], id[1024], fqdn[512], etag[37];
	int created = record == NULL;

	if (azemu_arm_need_body(a) != 0 ||
	    azemu_schema_check(azemu_spec_record_set, a->body, &dns_codes, a->resp) != 0)
		return;
	if (patch && record == NULL) {
		azemu_response_error(a->resp, 404, "NotFound",
		                     "The resource record '%s' does not exist in resource group '%s' of "
		                     "subscription '%s'.",
		                     name, azemu_str(a->rg, "name"), azemu_str(a->sub, "id"));
		return;
	}
	if (preconditions(a, record, name, 1) != 0)
		return;
	given = azemu_obj(a->body, "properties", 0);
	if (json_object_object_get_ex(given, "aRecords", &recs)) {
		for (size_t i = 0; i < json_object_array_length(recs); i++) {
			const char *ip = azemu_str(json_object_array_get_idx(recs, i), "ipv4Address");
			struct in_addr addr;

			if (ip == NULL || inet_pton(AF_INET, ip, &addr) != 1) {
				azemu_response_error(a->resp, 400, "BadRequest",
				                     "The IPv4 address '%s' of record set %s is not valid.",
				                     ip != NULL ? ip : "", name);
				return;
			}
		}
	}
	if (json_object_object_get_ex(given, "ttl", &v) &&
	    (json_object_get_int64(v) < 0 || json_object_get_int64(v) > 2147483647)) {
		azemu_response_error(a->resp, 400, "BadRequest",
		                     "The TTL of record set %s must be between 0 and 2147483647.", name);
		return;
	}
	azemu_lower(lname, sizeof(lname), name);
	if (created) {
		record = json_object_new_object();
		res = json_object_new_object();
		props = json_object_new_object();
		snprintf(id, sizeof(id), "%s/A/%s", azemu_arm_id(a, "Microsoft.Network", 2), lname);
		snprintf(fqdn, sizeof(fqdn), "%s.%s.", lname, zone_name);
		json_object_object_add(res, "id", json_object_new_string(id));
		json_object_object_add(res, "name", json_object_new_string(lname));
		json_object_object_add(res, "type", json_object_new_string("Microsoft.Network/privateDnsZones/A"));
		json_object_object_add(props, "ttl", json_object_new_int(3600));
		json_object_object_add(props, "fqdn", json_object_new_string(fqdn));
		json_object_object_add(props, "isAutoRegistered", json_object_new_boolean(0));
		json_object_object_add(props, "aRecords", json_object_new_array());
		json_object_object_add(res, "properties", props);
		json_object_object_add(record, "resource", res);
		azemu_entry_put(records, name, record);
	} else {
		res = azemu_entry_resource(record);
		props = azemu_obj(res, "properties", 1);
		if (!patch) {
			/* PUT replaces the record set: what is not given goes. */
			json_object_object_add(props, "aRecords", json_object_new_array());
			json_object_object_del(props, "metadata");
		}
	}
	if (given != NULL) {
		const char *settable[] = { "ttl", "aRecords", "metadata" };

		for (size_t i = 0; i < sizeof(settable) / sizeof(settable[0]); i++) {
			if (json_object_object_get_ex(given, settable[i], &v))
				json_object_object_add(props, settable[i], azemu_copy(v));
		}
	}
	azemu_uuid(etag);
	json_object_object_add(res, "etag", json_object_new_string(etag));
	a->emu->dirty = 1;
	azemu_response_json(a->resp, created ? 201 : 200, azemu_copy(res));
	azemu_response_header(a->resp, "ETag", "%s", etag);
}

void azemu_dns_serve(struct azemu_arm *a)
{
	const char *m = a->req->method;
	const char *zname = a->nseg >= 2 ? a->seg[1] : NULL;
	json_object *zone;

	if (zname == NULL) {
		azemu_arm_bad_method(a);
		return;
	}
	zone = azemu_entry(azemu_obj(a->rg, "privateDnsZones", 0), zname);
	if (a->nseg == 2) {
		if (strcmp(m, "GET") != 0) {
			/* Zones are made with the admin API or --dns-zone. */
			azemu_arm_bad_method(a);
		} else if (zone == NULL) {
			azemu_arm_not_found(a, "Microsoft.Network/privateDnsZones", zname);
		} else {
			json_object *res = azemu_copy(azemu_entry_resource(zone));

			json_object_object_add(azemu_obj(res, "properties", 1), "numberOfRecordSets",
			                       json_object_new_int(json_object_object_length(azemu_obj(zone, "A", 1)) + 1));
			azemu_response_json(a->resp, 200, res);
		}
		return;
	}
	if (a->nseg > 4 || !record_type_known(a->seg[2])) {
		azemu_response_error(a->resp, 400, "BadRequest",
		                     "The record type '%s' is not valid; it must be one of A, AAAA, CNAME, "
		                     "MX, PTR, SOA, SRV, TXT.",
		                     a->seg[2]);
		return;
	}
	if (zone == NULL) {
		azemu_arm_parent_not_found(a, "Microsoft.Network/privateDnsZones", zname);
		return;
	}
	zname = azemu_str(azemu_entry_resource(zone), "name");
	if (a->nseg == 3) {
		json_object *items = json_object_new_array();

		if (strcmp(m, "GET") != 0) {
			json_object_put(items);
			azemu_arm_bad_method(a);
			return;
		}
		if (strcasecmp(a->seg[2], "A") == 0 || strcasecmp(a->seg[2], "ALL") == 0) {
			json_object_object_foreach(azemu_obj(zone, "A", 1), key, rec) {
				(void)key;
				json_object_array_add(items, azemu_copy(azemu_entry_resource(rec)));
			}
		}
		azemu_arm_list(a, items);
		return;
	}
	if (strcasecmp(a->seg[2], "A") != 0) {
		azemu_response_error(a->resp, 400, "BadRequest",
		                     "azemu emulates A record sets only, not %s.", a->seg[2]);
		return;
	}
	if (strcmp(m, "PUT") == 0 || strcmp(m, "PATCH") == 0) {
		put_record(a, zone, zname, a->seg[3], strcmp(m, "PATCH") == 0);
	} else if (strcmp(m, "GET") == 0) {
		json_object *rec = azemu_entry(azemu_obj(zone, "A", 1), a->seg[3]);

		if (rec == NULL) {
			azemu_response_error(a->resp, 404, "NotFound",
			                     "The resource record '%s' does not exist in resource group '%s' of "
			                     "subscription '%s'.",
			                     a->seg[3], azemu_str(a->rg, "name"), azemu_str(a->sub, "id"));
		} else {
			azemu_response_json(a->resp, 200, azemu_copy(azemu_entry_resource(rec)));
			azemu_response_header(a->resp, "ETag", "%s",
			                      azemu_str(azemu_entry_resource(rec), "etag"));
		}
	} else if (strcmp(m, "DELETE") == 0) {
		json_object *records = azemu_obj(zone, "A", 1), *rec = azemu_entry(records, a->seg[3]);

		if (rec == NULL && azemu_header(a->req, "If-Match") == NULL) {
			azemu_response_json(a->resp, 204, NULL);
			return;
		}
		if (preconditions(a, rec, a->seg[3], 0) != 0)
			return;
		azemu_entry_del(records, a->seg[3]);
		a->emu->dirty = 1;
		azemu_response_json(a->resp, 200, NULL);
	} else {
		azemu_arm_bad_method(a);
	}
}
