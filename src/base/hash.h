/* hash.h - SHA-256 from libcrypto, as lower-case hex (malloc'd). */
#ifndef OPTPY_HASH_H
#define OPTPY_HASH_H

#include <stddef.h>

struct hash;
/* A hash being fed; NULL when libcrypto has no SHA-256. */
struct hash *hash_new(void);
void hash_add(struct hash *h, const void *buf, size_t len);
/* hash_add for read_blocks (util.h): arg is the hash. */
void hash_block(const void *buf, size_t len, void *h);
/* The digest as hex, or NULL; h is freed either way.  hash_end(NULL) is NULL. */
char *hash_end(struct hash *h);
/* h freed without a digest (an error path). */
void hash_free(struct hash *h);

/* The SHA-256 of a file's bytes (NULL, errno set, when it cannot be read),
 * and of len bytes at buf. */
char *sha256_file(const char *path);
char *sha256_buf(const void *buf, size_t len);

#endif
