/* The HTTP server (libmicrohttpd): one thread per connection, requests
 * dispatched to the token, identity, admin and ARM handlers. */
#ifndef AZEMU_SERVER_H
#define AZEMU_SERVER_H

#include "tests/azemu/azemu.h"

struct azemu_server;

/**
 * Serve emu on the already bound and listening socket fd (ownership
 * passes to the server).  Returns NULL with a reason in err.
 */
struct azemu_server *azemu_server_start(struct azemu *emu, int fd, char *err, size_t errlen);

/** Stop serving (waits for running requests). */
void azemu_server_stop(struct azemu_server *s);

#endif
