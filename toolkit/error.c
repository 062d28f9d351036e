/* error.c - toolkit: error messages (see error.h). */
#include "toolkit/error.h"

#include <stdio.h>
#include <stdlib.h>

char *gs_vstrdupf(const char *fmt, va_list ap)
{
    char *m = NULL;
    if (vasprintf(&m, fmt, ap) < 0)
        m = NULL;
    return m;
}

char *gs_strdupf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = gs_vstrdupf(fmt, ap);
    va_end(ap);
    return m;
}

void gs_set_err(char **err, const char *fmt, ...)
{
    if (!err)
        return;
    free(*err);
    va_list ap;
    va_start(ap, fmt);
    *err = gs_vstrdupf(fmt, ap);
    va_end(ap);
}
