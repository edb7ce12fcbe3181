/* Cryptographically random bytes and Docker-style ids. */
#ifndef GW_RANDOM_H
#define GW_RANDOM_H

#include <stddef.h>

/** Fill buf with n random bytes from the kernel; 0 on success, -1 on failure. */
int gw_random_bytes(void *buf, size_t n);

/** Write a 64-hex random id and its NUL into out (65 bytes); 0 on success. */
int gw_random_id(char out[65]);

#endif
