/* objects.c - a small open-addressing table standing in for dict code. */
#define SLOTS 4096

/* an exported function called in its own file: in position-independent
 * code (--enable-shared) gcc inlines it only with
 * -fno-semantic-interposition, as CPython's API functions */
long mini_slot(unsigned long h);
long mini_slot(unsigned long h)
{
	return (long)((h + 1) % SLOTS);
}

long mini_objects(long n);
long mini_objects(long n)
{
	static long keys[SLOTS];
	long hits = 0;

	for (long i = 0; i < n; i++) {
		unsigned long h = (unsigned long)(i * 2654435761UL) % SLOTS;

		while (keys[h] != 0 && keys[h] != i + 1)
			h = (unsigned long)mini_slot(h);
		if (keys[h] == i + 1)
			hits++;
		else if (i % 7)
			keys[h] = i + 1;
		if (i % 1024 == 0)
			for (int k = 0; k < SLOTS; k++)
				keys[k] = 0;
	}
	return hits;
}
