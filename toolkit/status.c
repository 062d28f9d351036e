/* status.c - toolkit: names and exit codes of gs_status_t (see status.h). */
#include "toolkit/status.h"

const char *gs_status_to_string(gs_status_t st)
{
    switch (st) {
    case GS_OK: return "ok";
    case GS_ENOMEM: return "out of memory";
    case GS_EUSAGE: return "bad usage";
    case GS_EQUERY: return "malformed query";
    case GS_EINPUT: return "bad input data";
    case GS_ENOTFOUND: return "not found";
    case GS_EIO: return "input/output error";
    case GS_ENOINDEX: return "no usable index";
    case GS_ELOCKED: return "the index is locked by another writer";
    case GS_EINDEX: return "index error";
    case GS_EINTERNAL: return "internal error";
    case GS_STATUS_LAST: break;
    }
    return "unknown status";
}

int gs_status_exit(gs_status_t st)
{
    switch (st) {
    case GS_OK: return 0;
    case GS_EUSAGE:
    case GS_EQUERY: return 1;
    case GS_EINPUT:
    case GS_ENOTFOUND: return 2;
    default: return 3;
    }
}
