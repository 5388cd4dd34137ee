/* frozen.c - compiled from a header that the build tool generates. */
#include "frozen_modules/frozen.h"
long mini_frozen(void);
long mini_frozen(void)
{
	return MINI_FROZEN;
}
