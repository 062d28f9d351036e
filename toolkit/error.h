/* error.h - toolkit: the one way to make an error message (a malloc'd printf). */
#ifndef GS_TOOLKIT_ERROR_H
#define GS_TOOLKIT_ERROR_H

#include <stdarg.h>

/* A new malloc'd string formatted as printf would (caller frees), or NULL
 * if out of memory. */
char *gs_strdupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *gs_vstrdupf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* The error out-parameter convention (char **err, caller frees): replace
 * *err with a formatted message, freeing the one it held (so *err must be
 * NULL or a message).  Does nothing if err is NULL; *err is NULL if out of
 * memory. */
void gs_set_err(char **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif /* GS_TOOLKIT_ERROR_H */
