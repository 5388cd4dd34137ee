/* hash.c - SHA-256 through libcrypto's EVP interface. */
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <unistd.h>

#include "hash.h"
#include "run.h"
#include "util.h"

struct hash *hash_new(void)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	if (md && !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
		EVP_MD_CTX_free(md);
		md = NULL;
	}
	return (struct hash *)md;
}

void hash_add(struct hash *h, const void *buf, size_t len)
{
	EVP_DigestUpdate((EVP_MD_CTX *)h, buf, len);
}

void hash_block(const void *buf, size_t len, void *h)
{
	hash_add(h, buf, len);
}

char *hash_end(struct hash *h)
{
	unsigned char sum[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	char *hex = NULL;

	if (h && EVP_DigestFinal_ex((EVP_MD_CTX *)h, sum, &len)) {
		hex = xmalloc(2 * len + 1);
		for (unsigned int i = 0; i < len; i++)
			sprintf(hex + 2 * i, "%02x", sum[i]);
	}
	hash_free(h);
	return hex;
}

void hash_free(struct hash *h)
{
	EVP_MD_CTX_free((EVP_MD_CTX *)h);
}

char *sha256_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), en;
	struct hash *h;

	if (fd < 0)
		return NULL;
	if (!(h = hash_new()) || read_blocks(fd, hash_block, h, &run_interrupted) < 0) {
		en = h ? errno : ENOMEM;
		close(fd);
		hash_free(h);
		errno = en;
		return NULL;
	}
	close(fd);
	return hash_end(h);
}

char *sha256_buf(const void *buf, size_t len)
{
	struct hash *h = hash_new();

	if (h)
		hash_add(h, buf, len);
	return hash_end(h);
}
