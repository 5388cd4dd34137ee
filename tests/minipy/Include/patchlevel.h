/* patchlevel.h - the miniature CPython's version, in CPython's format. */
#define PY_MAJOR_VERSION        3
#define PY_MINOR_VERSION        13
#define PY_MICRO_VERSION        0
#define PY_VERSION              "3.13.0"
