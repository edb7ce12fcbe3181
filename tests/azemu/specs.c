/* The request-body definitions azemu checks, transcribed from the swagger
 * files in azure-specs/ (Jobs.json and CommonDefinitions.json 2025-07-01,
 * ManagedEnvironmentsStorages.json 2025-07-01, file.json 2023-05-01,
 * privatedns.json 2024-06-01, common-types ManagedServiceIdentity v3).
 * Read-only members are AZ_ANY: ARM ignores them in requests.  Members the
 * specs do not list are ignored too, as the services do. */
#include "config.h"

#include <stddef.h>

#include "tests/azemu/schema.h"

#define STR(n) { n, AZ_STRING, 0, NULL, NULL, AZ_ANY, 0, 0 }
#define STR_REQ(n) { n, AZ_STRING, AZ_REQUIRED, NULL, NULL, AZ_ANY, 0, 0 }
#define ENUM(n, e) { n, AZ_STRING, 0, e, NULL, AZ_ANY, 0, 0 }
#define ENUM_REQ(n, e) { n, AZ_STRING, AZ_REQUIRED, e, NULL, AZ_ANY, 0, 0 }
#define INT(n) { n, AZ_INT, 0, NULL, NULL, AZ_ANY, 0, 0 }
#define INT_REQ(n) { n, AZ_INT, AZ_REQUIRED, NULL, NULL, AZ_ANY, 0, 0 }
#define INT_RANGE(n, lo, hi) { n, AZ_INT, AZ_RANGE, NULL, NULL, AZ_ANY, lo, hi }
#define NUM(n) { n, AZ_NUMBER, 0, NULL, NULL, AZ_ANY, 0, 0 }
#define MAP(n) { n, AZ_MAP, 0, NULL, NULL, AZ_ANY, 0, 0 }
#define ANY(n) { n, AZ_ANY, 0, NULL, NULL, AZ_ANY, 0, 0 }
#define OBJ(n, p) { n, AZ_OBJECT, 0, NULL, p, AZ_ANY, 0, 0 }
#define OBJ_REQ(n, p) { n, AZ_OBJECT, AZ_REQUIRED, NULL, p, AZ_ANY, 0, 0 }
#define STRS(n) { n, AZ_ARRAY, 0, NULL, NULL, AZ_STRING, 0, 0 }
#define OBJS(n, p) { n, AZ_ARRAY, 0, NULL, p, AZ_OBJECT, 0, 0 }
#define END { NULL, AZ_ANY, 0, NULL, NULL, AZ_ANY, 0, 0 }

/* ---- Microsoft.App (CommonDefinitions.json) ---- */

static const char *const storage_types[] = { "AzureFile", "EmptyDir", "Secret", "NfsAzureFile", NULL };
static const char *const lifecycles[] = { "Init", "Main", "None", "All", NULL };
static const char *const probe_types[] = { "Liveness", "Readiness", "Startup", NULL };
static const char *const schemes[] = { "HTTP", "HTTPS", NULL };
static const char *const access_modes[] = { "ReadOnly", "ReadWrite", NULL };

static const struct azemu_prop env_var[] = { STR("name"), STR("value"), STR("secretRef"), END };
static const struct azemu_prop resources[] = { NUM("cpu"), STR("memory"), ANY("ephemeralStorage"), END };
static const struct azemu_prop volume_mount[] = { STR("volumeName"), STR("mountPath"), STR("subPath"), END };
static const struct azemu_prop http_header[] = { STR_REQ("name"), STR_REQ("value"), END };
static const struct azemu_prop http_get[] = {
	STR("host"), OBJS("httpHeaders", http_header), STR("path"), INT_REQ("port"),
	ENUM("scheme", schemes), END
};
static const struct azemu_prop tcp_socket[] = { STR("host"), INT_REQ("port"), END };
static const struct azemu_prop probe[] = {
	INT("failureThreshold"), OBJ("httpGet", http_get), INT("initialDelaySeconds"),
	INT("periodSeconds"), INT("successThreshold"), OBJ("tcpSocket", tcp_socket),
	INT("terminationGracePeriodSeconds"), INT("timeoutSeconds"), ENUM("type", probe_types), END
};
static const struct azemu_prop base_container[] = {
	STR("image"), STR("name"), STRS("command"), STRS("args"), OBJS("env", env_var),
	OBJ("resources", resources), OBJS("volumeMounts", volume_mount), END
};
static const struct azemu_prop container[] = {
	STR("image"), STR("name"), STRS("command"), STRS("args"), OBJS("env", env_var),
	OBJ("resources", resources), OBJS("volumeMounts", volume_mount), OBJS("probes", probe), END
};
static const struct azemu_prop secret_volume_item[] = { STR("secretRef"), STR("path"), END };
static const struct azemu_prop volume[] = {
	STR("name"), ENUM("storageType", storage_types), STR("storageName"),
	OBJS("secrets", secret_volume_item), STR("mountOptions"), END
};
static const struct azemu_prop job_template[] = {
	OBJS("initContainers", base_container), OBJS("containers", container), OBJS("volumes", volume),
	END
};
static const struct azemu_prop secret[] = {
	STR("name"), STR("value"), STR("identity"), STR("keyVaultUrl"), END
};
static const struct azemu_prop identity_settings[] = {
	STR_REQ("identity"), ENUM("lifecycle", lifecycles), END
};

/* ---- Microsoft.App (Jobs.json) ---- */

static const char *const trigger_types[] = { "Schedule", "Event", "Manual", NULL };
static const char *const identity_types[] = {
	"None", "SystemAssigned", "UserAssigned", "SystemAssigned,UserAssigned", NULL
};

static const struct azemu_prop registry[] = {
	STR("server"), STR("username"), STR("passwordSecretRef"), STR("identity"), END
};
static const struct azemu_prop scale_rule_auth[] = { STR("secretRef"), STR("triggerParameter"), END };
static const struct azemu_prop job_scale_rule[] = {
	STR("name"), STR("type"), ANY("metadata"), OBJS("auth", scale_rule_auth), STR("identity"), END
};
static const struct azemu_prop job_scale[] = {
	INT("pollingInterval"), INT("minExecutions"), INT("maxExecutions"),
	OBJS("rules", job_scale_rule), END
};
static const struct azemu_prop manual_trigger[] = {
	INT("replicaCompletionCount"), INT("parallelism"), END
};
static const struct azemu_prop schedule_trigger[] = {
	INT("replicaCompletionCount"), STR_REQ("cronExpression"), INT("parallelism"), END
};
static const struct azemu_prop event_trigger[] = {
	INT("replicaCompletionCount"), INT("parallelism"), OBJ("scale", job_scale), END
};
static const struct azemu_prop job_configuration[] = {
	OBJS("secrets", secret), ENUM_REQ("triggerType", trigger_types), INT_REQ("replicaTimeout"),
	INT("replicaRetryLimit"), OBJ("manualTriggerConfig", manual_trigger),
	OBJ("scheduleTriggerConfig", schedule_trigger), OBJ("eventTriggerConfig", event_trigger),
	OBJS("registries", registry), OBJS("identitySettings", identity_settings), END
};
static const struct azemu_prop job_properties[] = {
	ANY("provisioningState"), STR("environmentId"), STR("workloadProfileName"),
	OBJ_REQ("configuration", job_configuration), OBJ("template", job_template),
	ANY("outboundIpAddresses"), ANY("eventStreamEndpoint"), END
};
static const struct azemu_prop managed_identity[] = {
	ENUM_REQ("type", identity_types), ANY("userAssignedIdentities"), ANY("principalId"),
	ANY("tenantId"), END
};

const struct azemu_prop azemu_spec_job[] = {
	STR("location"), MAP("tags"), OBJ("identity", managed_identity),
	OBJ_REQ("properties", job_properties), END
};

static const struct azemu_prop execution_container[] = {
	STR("image"), STR("name"), STRS("command"), STRS("args"), OBJS("env", env_var),
	OBJ("resources", resources), END
};

const struct azemu_prop azemu_spec_job_execution_template[] = {
	OBJS("containers", execution_container), OBJS("initContainers", execution_container), END
};

/* ---- Microsoft.App (ManagedEnvironmentsStorages.json) ---- */

static const struct azemu_prop key_vault_properties[] = { STR("keyVaultUrl"), STR("identity"), END };
static const struct azemu_prop azure_file[] = {
	STR("accountName"), STR("accountKey"), OBJ("accountKeyVaultProperties", key_vault_properties),
	ENUM("accessMode", access_modes), STR("shareName"), END
};
static const struct azemu_prop nfs_azure_file[] = {
	STR("server"), ENUM("accessMode", access_modes), STR("shareName"), END
};
static const struct azemu_prop env_storage_properties[] = {
	OBJ("azureFile", azure_file), OBJ("nfsAzureFile", nfs_azure_file), END
};

const struct azemu_prop azemu_spec_env_storage[] = {
	OBJ("properties", env_storage_properties), END
};

/* ---- Microsoft.Storage (file.json) ---- */

static const char *const share_protocols[] = { "SMB", "NFS", NULL };
static const char *const root_squash[] = { "NoRootSquash", "RootSquash", "AllSquash", NULL };
static const char *const access_tiers[] = { "TransactionOptimized", "Hot", "Cool", "Premium", NULL };

static const struct azemu_prop access_policy[] = {
	STR("startTime"), STR("expiryTime"), STR("permission"), END
};
static const struct azemu_prop signed_identifier[] = {
	STR("id"), OBJ("accessPolicy", access_policy), END
};
static const struct azemu_prop file_share_properties[] = {
	ANY("lastModifiedTime"), MAP("metadata"), INT_RANGE("shareQuota", 1, 102400),
	ENUM("enabledProtocols", share_protocols), ENUM("rootSquash", root_squash), ANY("version"),
	ANY("deleted"), ANY("deletedTime"), ANY("remainingRetentionDays"),
	ENUM("accessTier", access_tiers), ANY("accessTierChangeTime"), ANY("accessTierStatus"),
	ANY("shareUsageBytes"), ANY("leaseStatus"), ANY("leaseState"), ANY("leaseDuration"),
	OBJS("signedIdentifiers", signed_identifier), ANY("snapshotTime"), END
};

const struct azemu_prop azemu_spec_file_share[] = {
	OBJ("properties", file_share_properties), END
};

/* ---- Microsoft.Network (privatedns.json) ---- */

static const struct azemu_prop a_record[] = { STR("ipv4Address"), END };
static const struct azemu_prop aaaa_record[] = { STR("ipv6Address"), END };
static const struct azemu_prop cname_record[] = { STR("cname"), END };
static const struct azemu_prop mx_record[] = { INT("preference"), STR("exchange"), END };
static const struct azemu_prop ptr_record[] = { STR("ptrdname"), END };
static const struct azemu_prop soa_record[] = {
	STR("host"), STR("email"), INT("serialNumber"), INT("refreshTime"), INT("retryTime"),
	INT("expireTime"), INT("minimumTtl"), END
};
static const struct azemu_prop srv_record[] = {
	INT("priority"), INT("weight"), INT("port"), STR("target"), END
};
static const struct azemu_prop txt_record[] = { STRS("value"), END };
static const struct azemu_prop record_set_properties[] = {
	MAP("metadata"), INT("ttl"), ANY("fqdn"), ANY("isAutoRegistered"), OBJS("aRecords", a_record),
	OBJS("aaaaRecords", aaaa_record), OBJ("cnameRecord", cname_record), OBJS("mxRecords", mx_record),
	OBJS("ptrRecords", ptr_record), OBJ("soaRecord", soa_record), OBJS("srvRecords", srv_record),
	OBJS("txtRecords", txt_record), END
};

const struct azemu_prop azemu_spec_record_set[] = {
	STR("etag"), OBJ("properties", record_set_properties), END
};
