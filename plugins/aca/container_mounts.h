/* A container's mounts: what create records (Binds, Mounts, anonymous
 * volumes, VolumesFrom copies) and how inspect shows them. */
#ifndef ACA_CONTAINER_MOUNTS_H
#define ACA_CONTAINER_MOUNTS_H

#include "plugins/aca/container_store.h"
#include "plugins/aca/request.h"

/**
 * Where a volume's data is shown to be (inspect "Source", a volume's
 * "Mountpoint"): the path its Azure Files share is mounted at.
 */
char *aca_volume_mountpoint(struct aca_req *r, const char *volume_name);

/**
 * Record the mounts of a new container inside the caller's write
 * transaction, the way Docker assembles them: the mount points of each
 * VolumesFrom source (sources[i] is the resolved container of
 * req->volumes_from[i]), replaced by Binds and Mounts at the same
 * destination, then anonymous Config.Volumes for destinations still free.
 * Anonymous volumes get a random 64-hex volume name.
 */
int aca_mounts_record(struct aca_req *r, const char *container_id,
                      const struct sl_container_create_req *req,
                      const struct aca_ctrref *sources);

/** A container's mounts as inspect shows them (Docker's Mode/RW/Propagation rules). */
int aca_mounts_list(struct aca_req *r, const char *container_id, struct sl_container_mount **out,
                    size_t *count);

#endif
