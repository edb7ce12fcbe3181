/* Schema of the state database.  A change to the schema is a new entry at
 * the end of the table below (never an edit of a shipped one): the store
 * runs every entry newer than the file's PRAGMA user_version, in order,
 * each in its own transaction. */
#include "config.h"

#include "plugins/aca/store_schema.h"

/*
 * Version 1: networks, containers, their endpoints and reserved addresses.
 *
 * Conventions:
 *  - ids are 64 lowercase hex digits; names are unique per kind.
 *  - Maps and lists that Docker echoes with a null-versus-empty distinction
 *    and that are never queried are stored as JSON text, NULL meaning
 *    "not given"; anything a filter or a lookup reads is a real column or
 *    a child table with an index.
 *  - IPv4 addresses are integers (host byte order values) so that ranges
 *    and overlaps are plain comparisons.
 */
static const char schema_v1[] =
	"CREATE TABLE networks ("
	"  id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 64),"
	"  name TEXT NOT NULL UNIQUE,"
	"  created_ns INTEGER NOT NULL,"
	"  driver TEXT NOT NULL,"
	"  scope TEXT NOT NULL,"
	"  predefined INTEGER NOT NULL DEFAULT 0,"
	"  enable_ipv6 INTEGER NOT NULL DEFAULT 0,"
	"  internal INTEGER NOT NULL DEFAULT 0,"
	"  attachable INTEGER NOT NULL DEFAULT 0,"
	"  ingress INTEGER NOT NULL DEFAULT 0,"
	"  config_only INTEGER NOT NULL DEFAULT 0,"
	"  config_from TEXT NOT NULL DEFAULT '',"
	"  ipam_driver TEXT NOT NULL DEFAULT 'default',"
	"  ipam_options_present INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX networks_created ON networks(created_ns);"
	/* Labels in their own table so that label filters run on an index. */
	"CREATE TABLE network_labels ("
	"  network_id TEXT NOT NULL REFERENCES networks(id) ON DELETE CASCADE,"
	"  key TEXT NOT NULL,"
	"  value TEXT NOT NULL,"
	"  PRIMARY KEY (network_id, key)"
	") WITHOUT ROWID;"
	"CREATE INDEX network_labels_kv ON network_labels(key, value);"
	/* kind 0: driver options (Options); kind 1: IPAM.Options. */
	"CREATE TABLE network_options ("
	"  network_id TEXT NOT NULL REFERENCES networks(id) ON DELETE CASCADE,"
	"  kind INTEGER NOT NULL CHECK (kind IN (0, 1)),"
	"  key TEXT NOT NULL,"
	"  value TEXT NOT NULL,"
	"  PRIMARY KEY (network_id, kind, key)"
	") WITHOUT ROWID;"
	/*
	 * One row per IPAM.Config entry, in the order Docker shows them.  The
	 * text columns are what inspect echoes (NULL: omitted); the integer
	 * columns are the IPv4 pool in effect, with the allocation cursor.
	 */
	"CREATE TABLE network_pools ("
	"  network_id TEXT NOT NULL REFERENCES networks(id) ON DELETE CASCADE,"
	"  pos INTEGER NOT NULL,"
	"  family INTEGER NOT NULL CHECK (family IN (4, 6)),"
	"  subnet TEXT NOT NULL,"
	"  ip_range TEXT,"
	"  gateway TEXT,"
	"  user_subnet INTEGER NOT NULL,"
	"  allocating INTEGER NOT NULL,"
	"  prefix_len INTEGER NOT NULL,"
	"  first_addr INTEGER,"
	"  last_addr INTEGER,"
	"  gw_addr INTEGER,"
	"  alloc_lo INTEGER,"
	"  alloc_hi INTEGER,"
	"  cursor INTEGER,"
	"  PRIMARY KEY (network_id, pos)"
	") WITHOUT ROWID;"
	"CREATE INDEX network_pools_v4 ON network_pools(first_addr, last_addr)"
	"  WHERE family = 4 AND allocating = 1;"
	"CREATE TABLE network_pool_aux ("
	"  network_id TEXT NOT NULL,"
	"  pos INTEGER NOT NULL,"
	"  key TEXT NOT NULL,"
	"  value TEXT NOT NULL,"
	"  PRIMARY KEY (network_id, pos, key),"
	"  FOREIGN KEY (network_id, pos) REFERENCES network_pools(network_id, pos)"
	"    ON DELETE CASCADE"
	") WITHOUT ROWID;"
	"CREATE TABLE containers ("
	"  id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 64),"
	"  name TEXT NOT NULL UNIQUE,"
	"  image TEXT NOT NULL,"
	"  created_ns INTEGER NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'created',"
	"  pid INTEGER NOT NULL DEFAULT 0,"
	"  exit_code INTEGER NOT NULL DEFAULT 0,"
	"  error TEXT NOT NULL DEFAULT '',"
	"  oom_killed INTEGER NOT NULL DEFAULT 0,"
	"  started_at_ns INTEGER NOT NULL DEFAULT 0,"
	"  finished_at_ns INTEGER NOT NULL DEFAULT 0,"
	"  hostname TEXT NOT NULL DEFAULT '',"
	"  network_mode TEXT NOT NULL,"
	"  volume_driver TEXT NOT NULL DEFAULT '',"
	"  auto_remove INTEGER NOT NULL DEFAULT 0,"
	"  cmd TEXT,"
	"  config_json TEXT NOT NULL,"
	"  host_config_json TEXT NOT NULL"
	");"
	"CREATE INDEX containers_created ON containers(created_ns);"
	"CREATE INDEX containers_status ON containers(status);"
	"CREATE TABLE container_labels ("
	"  container_id TEXT NOT NULL REFERENCES containers(id) ON DELETE CASCADE,"
	"  key TEXT NOT NULL,"
	"  value TEXT NOT NULL,"
	"  PRIMARY KEY (container_id, key)"
	") WITHOUT ROWID;"
	"CREATE INDEX container_labels_kv ON container_labels(key, value);"
	/*
	 * Mounts as the gateway parsed them (origin 0 Binds, 1 Mounts,
	 * 2 Config.Volumes, 3 copied by VolumesFrom).  volume_name is the
	 * volume a volume mount uses, generated for anonymous ones, so that
	 * the volumes schema can reference it.
	 */
	"CREATE TABLE container_mounts ("
	"  container_id TEXT NOT NULL REFERENCES containers(id) ON DELETE CASCADE,"
	"  pos INTEGER NOT NULL,"
	"  type INTEGER NOT NULL CHECK (type IN (0, 1, 2)),"
	"  origin INTEGER NOT NULL CHECK (origin IN (0, 1, 2, 3)),"
	"  source TEXT,"
	"  volume_name TEXT,"
	"  target TEXT NOT NULL,"
	"  read_only INTEGER NOT NULL,"
	"  mode TEXT NOT NULL,"
	"  propagation TEXT NOT NULL,"
	"  nocopy INTEGER NOT NULL,"
	"  subpath TEXT,"
	"  volume_driver TEXT,"
	"  volume_driver_opts TEXT,"
	"  volume_labels TEXT,"
	"  tmpfs_size INTEGER NOT NULL,"
	"  from_container TEXT,"
	"  PRIMARY KEY (container_id, pos)"
	") WITHOUT ROWID;"
	"CREATE INDEX container_mounts_volume ON container_mounts(volume_name)"
	"  WHERE volume_name IS NOT NULL;"
	"CREATE TABLE container_volumes_from ("
	"  container_id TEXT NOT NULL REFERENCES containers(id) ON DELETE CASCADE,"
	"  pos INTEGER NOT NULL,"
	"  source TEXT NOT NULL,"
	"  source_id TEXT NOT NULL,"
	"  read_only INTEGER NOT NULL,"
	"  PRIMARY KEY (container_id, pos)"
	") WITHOUT ROWID;"
	/*
	 * A container's settings on one network (NetworkSettings.Networks),
	 * keyed by the name it is shown under.  network_id is the network it
	 * resolved to, NULL when the network did not exist (Docker records the
	 * name and fails at start) or was removed since.
	 */
	"CREATE TABLE endpoints ("
	"  id INTEGER PRIMARY KEY,"
	"  container_id TEXT NOT NULL REFERENCES containers(id) ON DELETE CASCADE,"
	"  pos INTEGER NOT NULL,"
	"  network_key TEXT NOT NULL,"
	"  network_id TEXT REFERENCES networks(id) ON DELETE SET NULL,"
	"  endpoint_uid TEXT NOT NULL,"
	"  has_ipam_config INTEGER NOT NULL,"
	"  ipv4_config TEXT,"
	"  ipv6_config TEXT,"
	"  link_local_ips TEXT,"
	"  links TEXT,"
	"  aliases_present INTEGER NOT NULL,"
	"  mac_config TEXT,"
	"  driver_opts TEXT,"
	"  dns_names TEXT,"
	"  mac_address TEXT NOT NULL DEFAULT '',"
	"  UNIQUE (container_id, network_key)"
	");"
	"CREATE INDEX endpoints_network ON endpoints(network_id);"
	"CREATE TABLE endpoint_aliases ("
	"  endpoint_id INTEGER NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,"
	"  pos INTEGER NOT NULL,"
	"  alias TEXT NOT NULL,"
	"  PRIMARY KEY (endpoint_id, pos)"
	") WITHOUT ROWID;"
	"CREATE INDEX endpoint_aliases_alias ON endpoint_aliases(alias);"
	/*
	 * Every address taken in a network: gateways and auxiliary addresses
	 * (endpoint_id NULL) and endpoints' addresses.  The primary key is what
	 * guarantees an address is never handed out twice.
	 */
	"CREATE TABLE ip_reservations ("
	"  network_id TEXT NOT NULL REFERENCES networks(id) ON DELETE CASCADE,"
	"  addr INTEGER NOT NULL,"
	"  endpoint_id INTEGER REFERENCES endpoints(id) ON DELETE CASCADE,"
	"  PRIMARY KEY (network_id, addr)"
	") WITHOUT ROWID;"
	"CREATE INDEX ip_reservations_endpoint ON ip_reservations(endpoint_id)"
	"  WHERE endpoint_id IS NOT NULL;"
	/*
	 * The names an endpoint answers to in DNS, in Docker's order: the
	 * container name, its aliases, its short id.
	 */
	"CREATE VIEW endpoint_dns_names (endpoint_id, network_id, container_id, pos, name) AS"
	"  SELECT e.id, e.network_id, e.container_id, -1, c.name"
	"    FROM endpoints e JOIN containers c ON c.id = e.container_id"
	"  UNION ALL"
	"  SELECT e.id, e.network_id, e.container_id, a.pos, a.alias"
	"    FROM endpoints e JOIN endpoint_aliases a ON a.endpoint_id = e.id"
	"  UNION ALL"
	"  SELECT e.id, e.network_id, e.container_id, 2147483647, substr(c.id, 1, 12)"
	"    FROM endpoints e JOIN containers c ON c.id = e.container_id;";

/*
 * Version 2: volumes (Azure Files shares registered as environment
 * storages, or EmptyDir for anonymous volumes) and this installation's id.
 *
 *  - installation holds one random id, made once with the database; it is
 *    the marker written on every share, so that reconcile only ever
 *    removes Azure resources this installation made.
 *  - A volume row is written before any Azure call and moves through
 *    creating -> ready -> deleting; rows not ready are invisible to
 *    clients.  owner is the instance working on the row (NULL: nobody, so
 *    reconcile may finish it); state_ns is when the state last changed.
 *  - share_name and storage_name are NULL for a volume without a share
 *    (an anonymous volume on the job's ephemeral storage).
 *  - volume_released remembers the Azure names of volumes removed or
 *    undone, so that an environment storage that reaches Azure after its
 *    volume was given up (a request still in flight when the process died)
 *    is recognised as ours: storages carry no metadata to mark them.
 */
static const char schema_v2[] =
	"CREATE TABLE installation ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  installation_id TEXT NOT NULL CHECK (length(installation_id) = 32)"
	");"
	"INSERT INTO installation (id, installation_id) VALUES (1, lower(hex(randomblob(16))));"
	"CREATE TABLE volumes ("
	"  name TEXT PRIMARY KEY NOT NULL,"
	"  state TEXT NOT NULL CHECK (state IN ('creating', 'ready', 'deleting')),"
	"  state_ns INTEGER NOT NULL,"
	"  owner TEXT,"
	"  driver TEXT NOT NULL,"
	"  created_ns INTEGER NOT NULL,"
	"  anonymous INTEGER NOT NULL,"
	"  share_name TEXT UNIQUE,"
	"  storage_name TEXT UNIQUE,"
	"  quota_gib INTEGER,"
	"  access_tier TEXT,"
	"  read_only INTEGER NOT NULL DEFAULT 0,"
	"  options TEXT,"
	"  labels_present INTEGER NOT NULL,"
	"  status_note TEXT,"
	"  CHECK ((share_name IS NULL) = (storage_name IS NULL))"
	");"
	"CREATE INDEX volumes_unsettled ON volumes(state_ns) WHERE state <> 'ready';"
	"CREATE TABLE volume_labels ("
	"  volume_name TEXT NOT NULL REFERENCES volumes(name) ON DELETE CASCADE,"
	"  key TEXT NOT NULL,"
	"  value TEXT NOT NULL,"
	"  PRIMARY KEY (volume_name, key)"
	") WITHOUT ROWID;"
	"CREATE INDEX volume_labels_kv ON volume_labels(key, value);"
	"CREATE TABLE volume_released ("
	"  storage_name TEXT PRIMARY KEY NOT NULL,"
	"  share_name TEXT NOT NULL,"
	"  released_ns INTEGER NOT NULL"
	") WITHOUT ROWID;";

static const struct aca_migration migrations[] = {
	{ 1, schema_v1 },
	{ 2, schema_v2 },
};

const struct aca_migration *aca_schema_migrations(size_t *count)
{
	*count = sizeof(migrations) / sizeof(migrations[0]);
	return migrations;
}
