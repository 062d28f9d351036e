/* status.h - toolkit: the one status code every module returns, with gs_status_to_string.
 *
 * In notmuch's manner: a function that can fail returns a gs_status_t (and,
 * where a user needs details, a malloc'd message through a char **err
 * out-parameter, see error.h).  The set is what the existing conventions
 * said: the searcher's statuses, the wrapper's xapc_status_t (mapped in
 * status_xapc.h) and the CLI's exit codes (gs_status_exit).
 */
#ifndef GS_TOOLKIT_STATUS_H
#define GS_TOOLKIT_STATUS_H

typedef enum {
    GS_OK = 0,
    GS_ENOMEM,     /* out of memory */
    GS_EUSAGE,     /* a bad option or argument (CLI exit 1) */
    GS_EQUERY,     /* a malformed query (CLI exit 1) */
    GS_EINPUT,     /* bad input data: records or queries refused (CLI exit 2) */
    GS_ENOTFOUND,  /* no such application (CLI exit 2) */
    GS_EIO,        /* a file could not be read or written (CLI exit 3) */
    GS_ENOINDEX,   /* the index is missing, not an index, or unreadable (CLI exit 3) */
    GS_ELOCKED,    /* another writer holds the index's lock (CLI exit 3) */
    GS_EINDEX,     /* any other error of the index (CLI exit 3) */
    GS_EINTERNAL,  /* a bug: what should not happen did */
    GS_STATUS_LAST
} gs_status_t;

/* A fixed English phrase ("ok", "out of memory", ...); never NULL. */
const char *gs_status_to_string(gs_status_t st);

/* The CLI exit code for a status: 0 ok, 1 usage or query, 2 data,
 * 3 index, I/O and the rest (the values of cli/cli.h's GS_EXIT_*). */
int gs_status_exit(gs_status_t st);

#endif /* GS_TOOLKIT_STATUS_H */
