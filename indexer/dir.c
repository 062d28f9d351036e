/* dir.c - the index directory: what in it is ours, the writers' lock, the
 * repair of what a killed writer left, and the crash-safe swap that puts a
 * new database (a merged fresh build, a compaction) in place.
 *
 * Ownership: grantsearch creates and removes only its own names inside DB
 * (gs_dir_own_name); DB itself is never renamed or removed, so `-d .`, a
 * mount point, a symlink or a directory with the user's other files in it
 * all keep what they hold.
 *
 * The lock: an flock() on DB itself, taken by every writer (index, delete,
 * compact) before it touches anything, and held until it is done, across
 * the shards and the swap.  The kernel drops it when the holder dies, so it
 * is never stale.  Xapian's own lock (DB/flintlock) is taken after it.
 * Only the lock holder repairs (gs_dir_lock); readers change nothing.
 *
 * The swap: a glass database is a version file (iamglass) naming root blocks
 * in fixed-name table files (*.glass), so its files cannot be replaced one
 * at a time in place.  The new database is built in DB/.grantsearch-new,
 * then:
 *   1. DB/XAPIANDB, a Xapian stub naming .grantsearch-new, is written;
 *   2. DB/iamglass is removed: from here readers open the stub, i.e. the new
 *      database (Xapian prefers iamglass to XAPIANDB, so before this they
 *      opened the old one);
 *   3. old tables the new database lacks are removed, and each new table is
 *      hard-linked (copied where links are refused) over the old one in DB;
 *      then iamglass, last;
 *   4. XAPIANDB and .grantsearch-new are removed.
 * A kill before 1 leaves the old database (and a scratch directory the next
 * writer removes); after 1 the new one is complete and the next writer
 * finishes 2-4 (gs_dir_lock).  Readers that open during 2-3 read the new
 * database through the stub.
 */
#include "indexer/internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static const char stub_text[] = "auto " GS_DIR_NEW "\n";

/* "a/b" (malloc'd, NULL when out of memory). */
static char *join(const char *dir, const char *name)
{
    char *s = NULL;
    if (asprintf(&s, "%s/%s", dir, name) < 0)
        return NULL;
    return s;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

int gs_dir_own_name(const char *name)
{
    static const char *const fixed[] = {
        "iamglass", "flintlock", "v.tmp", "v.rtmp",  /* Xapian glass */
        "writer.pid", "XAPIANDB", "XAPIANDB.tmp", GS_DIR_NEW, GS_DIR_SHARDS,
        "vectors", "vectors.model",  /* vectors/vectors.h (temporaries end in GS_SWAP_SUFFIX) */
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (!strcmp(name, fixed[i]))
            return 1;
    /* A sharded index's shards and spelling database (sharded.c). */
    if (gs_dir_shard_name(name))
        return 1;
    return ends_with(name, ".glass") || ends_with(name, GS_SWAP_SUFFIX);
}

/* 1 if dir/name exists (lstat: a dangling link counts). */
static int has(const char *dir, const char *name)
{
    char *p = join(dir, name);
    struct stat st;
    int r = p && lstat(p, &st) == 0;
    free(p);
    return r;
}

/* 1 if DB/XAPIANDB is the stub step 1 of the swap wrote (not someone else's). */
static int our_stub(const char *db)
{
    char *p = join(db, "XAPIANDB");
    FILE *f = p ? fopen(p, "r") : NULL;
    free(p);
    if (!f)
        return 0;
    char buf[64];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    return !strcmp(buf, stub_text);
}

int gs_dir_has_index(const char *db)
{
    if (has(db, "iamglass") || gs_dir_shard_count(db))
        return 1;
    char *nd = join(db, GS_DIR_NEW);
    int r = nd && has(nd, "iamglass") && our_stub(db);  /* killed mid-swap */
    free(nd);
    return r;
}

int gs_dir_check_target(const char *db, char **err)
{
    struct stat st;
    if (stat(db, &st) != 0)
        return 0;  /* created by the writer */
    if (!S_ISDIR(st.st_mode)) {
        gs_set_err(err, "%s is not a directory: the index is a directory of its own; "
                   "choose a new one with -d", db);
        return -1;
    }
    if (gs_dir_has_index(db))
        return 0;
    DIR *d = opendir(db);
    if (!d) {
        gs_set_err(err, "%s: cannot read the directory: %s", db, strerror(errno));
        return -1;
    }
    /* Name the first few files that are not ours, so the user sees why. */
    char shown[512] = "";
    unsigned long foreign = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || gs_dir_own_name(e->d_name))
            continue;
        if (foreign++ < 3) {
            size_t len = strlen(shown);
            snprintf(shown + len, sizeof shown - len, "%s%s", len ? ", " : "", e->d_name);
        }
    }
    closedir(d);
    if (!foreign)
        return 0;
    char more[48] = "";
    if (foreign > 3)
        snprintf(more, sizeof more, " and %lu more", foreign - 3);
    gs_set_err(err,
               "%s is not a grantsearch index and not empty (it holds %s%s): grantsearch "
               "builds an index only in a new or empty directory or an existing index, "
               "and never touches other files; choose another directory with -d",
               db, shown, more);
    return -1;
}

/* The reason DB cannot be written, or 0: the directory and the index files
 * in it must be writable by this process (root passes a chmod, not EROFS). */
static int writable(const char *db, char **err)
{
    if (faccessat(AT_FDCWD, db, W_OK, AT_EACCESS) != 0) {
        gs_set_err(err, "%s: the index is not writable (%s: %s)", db, db, strerror(errno));
        return -1;
    }
    DIR *d = opendir(db);
    if (!d)
        return 0;  /* reported when the lock is taken */
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        if (strcmp(e->d_name, "iamglass") && strcmp(e->d_name, "flintlock") &&
            !ends_with(e->d_name, ".glass"))
            continue;
        if (faccessat(dirfd(d), e->d_name, W_OK, AT_EACCESS) != 0) {
            gs_set_err(err, "%s: the index is not writable (%s/%s: %s)", db, db,
                       e->d_name, strerror(errno));
            rc = -1;
        }
    }
    closedir(d);
    return rc;
}

long gs_dir_writer_pid(const char *db)
{
    char *p = join(db, "writer.pid");
    FILE *f = p ? fopen(p, "r") : NULL;
    free(p);
    if (!f)
        return 0;
    long pid = 0;
    if (fscanf(f, "%ld", &pid) != 1)
        pid = 0;
    fclose(f);
    return pid;
}

/* Copy src to the new file dst (for file systems without hard links). */
static int copy_file(const char *src, const char *dst)
{
    int in = open(src, O_RDONLY | O_CLOEXEC), out = -1, rc = -1;
    if (in < 0 || (out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666)) < 0)
        goto out;
    char buf[65536];
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, (size_t)n) != n)
            goto out;
    rc = n == 0 && fsync(out) == 0 ? 0 : -1;
out:
    if (in >= 0)
        close(in);
    if (out >= 0 && close(out) != 0)
        rc = -1;
    return rc;
}

/* dst <- src without a moment where dst is missing: link (or copy) to a
 * temporary name, rename over.  src stays, so the stub keeps working and a
 * kill here is finished by the next writer. */
static int place(const char *src, const char *dst)
{
    char *tmp = NULL;
    if (asprintf(&tmp, "%s%s", dst, GS_SWAP_SUFFIX) < 0)
        return -1;
    unlink(tmp);
    int rc = link(src, tmp) == 0 || copy_file(src, tmp) == 0 ? rename(tmp, dst) : -1;
    int saved = errno;
    if (rc != 0)
        unlink(tmp);
    free(tmp);
    errno = saved;
    return rc;
}

static void sync_dir(const char *db)
{
    int fd = open(db, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* Steps 2-4 of the swap (see the top); also what the next writer runs after
 * a kill past step 1. */
static int swap_finish(const char *db, char **err)
{
    char *nd = join(db, GS_DIR_NEW), *old = join(db, "iamglass"), *neu = NULL;
    int rc = -1;
    DIR *d = NULL;
    if (!nd || !old || !(neu = join(nd, "iamglass"))) {
        gs_set_err(err, "out of memory");
        goto out;
    }
    struct stat so, sn;
    int done = stat(old, &so) == 0 && stat(neu, &sn) == 0 && so.st_ino == sn.st_ino &&
               so.st_dev == sn.st_dev;
    if (!done) {
        if (unlink(old) != 0 && errno != ENOENT)
            goto fail;
        /* Old tables the new database does not have (readers use the stub now). */
        if (!(d = opendir(db)))
            goto fail;
        struct dirent *e;
        while ((e = readdir(d)))
            if (ends_with(e->d_name, ".glass") && !has(nd, e->d_name))
                unlinkat(dirfd(d), e->d_name, 0);
        closedir(d);
        /* The new tables over the old ones. */
        if (!(d = opendir(nd)))
            goto fail;
        while ((e = readdir(d))) {
            if (!ends_with(e->d_name, ".glass"))
                continue;
            char *s = join(nd, e->d_name), *t = join(db, e->d_name);
            int r = s && t ? place(s, t) : -1;
            free(s);
            free(t);
            if (r != 0)
                goto fail;
        }
        closedir(d);
        d = NULL;
        if (place(neu, old) != 0)
            goto fail;
    }
    sync_dir(db);
    char *stub = join(db, "XAPIANDB");
    if (stub)
        unlink(stub);
    free(stub);
    sync_dir(db);
    gs_index_rmtree(nd);
    rc = 0;
    goto out;
fail:
    gs_set_err(err, "%s: cannot put the new index files in place: %s "
               "(the index still opens; the next write finishes this)", db, strerror(errno));
out:
    if (d)
        closedir(d);
    free(nd);
    free(old);
    free(neu);
    return rc;
}

int gs_dir_write_stub(const char *db, const char *text, size_t len, const char *what, char **err)
{
    char *tmp = join(db, "XAPIANDB.tmp"), *stub = join(db, "XAPIANDB");
    int rc = -1;
    if (!tmp || !stub) {
        gs_set_err(err, "out of memory");
        goto out;
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0 || write(fd, text, len) != (ssize_t)len || fsync(fd) != 0 || close(fd) != 0 ||
        (fd = -1, rename(tmp, stub) != 0)) {
        gs_set_err(err, "%s: cannot write %s %s: %s", db, what, stub, strerror(errno));
        if (fd >= 0)
            close(fd);
        unlink(tmp);
        goto out;
    }
    sync_dir(db);
    rc = 0;
out:
    free(tmp);
    free(stub);
    return rc;
}

int gs_dir_swap_in(const char *db, char **err)
{
    char *nd = join(db, GS_DIR_NEW);
    int rc = -1;
    if (!nd) {
        gs_set_err(err, "out of memory");
        goto out;
    }
    gs_index_sync_tree(nd);  /* on disk before anything points at it */
    if (gs_dir_write_stub(db, stub_text, sizeof stub_text - 1, "the stub", err) == 0)
        rc = swap_finish(db, err);
out:
    free(nd);
    return rc;
}

/* Under the lock: finish a swap a killed writer started, or remove the
 * scratch it left (shards, a half-written new database). */
static int recover(const char *db, char **err)
{
    char *nd = join(db, GS_DIR_NEW), *sh = join(db, GS_DIR_SHARDS), *tmp = join(db, "XAPIANDB.tmp");
    int rc = 0;
    if (!nd || !sh || !tmp) {
        gs_set_err(err, "out of memory");
        rc = -1;
    } else if (has(nd, "iamglass") && our_stub(db)) {
        rc = swap_finish(db, err);
    } else {
        unlink(tmp);
        gs_index_rmtree(nd);
    }
    if (sh)
        gs_index_rmtree(sh);
    /* Link temporaries of an interrupted swap step. */
    DIR *d = rc == 0 ? opendir(db) : NULL;
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (ends_with(e->d_name, GS_SWAP_SUFFIX))
            unlinkat(dirfd(d), e->d_name, 0);
    if (d)
        closedir(d);
    free(nd);
    free(sh);
    free(tmp);
    return rc;
}

/* An index left by an older grantsearch killed between the two renames of
 * its compaction: DB gone, DB.old complete.  Put it back. */
static void restore_legacy(const char *db)
{
    struct stat st;
    char *old = NULL;
    if (lstat(db, &st) == 0 || asprintf(&old, "%s.old", db) < 0)
        return;
    if (has(old, "iamglass"))
        rename(old, db);
    free(old);
}

int gs_dir_lock(const char *db, int must_exist, char **err)
{
    restore_legacy(db);
    struct stat st;
    if (stat(db, &st) != 0) {
        if (must_exist || errno != ENOENT) {
            gs_set_err(err, "%s: no index here", db);
            return -1;
        }
        if (mkdir(db, 0777) != 0 && errno != EEXIST) {
            gs_set_err(err, "%s: cannot create the index directory: %s", db, strerror(errno));
            return -1;
        }
    } else if (must_exist && !gs_dir_has_index(db)) {
        gs_set_err(err, "%s: no index here", db);
        return -1;
    }
    if (gs_dir_check_target(db, err) < 0 || writable(db, err) < 0)
        return -1;
    int fd = open(db, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        gs_set_err(err, "%s: cannot open the index directory: %s", db, strerror(errno));
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK) {
            long pid = 0;
            for (int i = 0; i < 20 && !(pid = gs_dir_writer_pid(db)); i++)
                usleep(10000);  /* the holder writes its pid just after locking */
            if (pid)
                gs_set_err(err, "%s: the index is being written by another process (pid %ld)",
                           db, pid);
            else
                gs_set_err(err, "%s: the index is being written by another process", db);
            close(fd);
            return -1;
        }
        /* No flock here (some network file systems): Xapian's lock alone. */
    }
    if (recover(db, err) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

int gs_index_check_target(const char *db_path, char **err)
{
    return gs_dir_check_target(db_path, err);
}
