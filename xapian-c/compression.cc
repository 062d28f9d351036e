/* compression.cc - the zlib level of what Xapian 1.4 compresses as it writes.
 *
 * Why: glass deflates every document's termlist and stored data (and the
 * spelling fragments) when it writes them, at zlib's default level 6, and
 * offers no setting for it.  In a bulk build that is 15% of the CPU
 * (perf, 4,000 records: all of it under replace_document); level 4 does
 * the same tags in about two thirds of the time for a termlist and data
 * table about 4% larger (bench/RESULTS.md, issue 15 idx15c).  Reading is
 * unchanged: inflate reads any level, and an index holds any mix.
 *
 * How: this object defines zlib's deflateInit2_ (what deflateInit2()
 * expands to), default-visible, so the dynamic linker binds libxapian's
 * call to it (a definition in the executable comes first); it forwards to
 * zlib's own (dlsym RTLD_NEXT), with the level set here in place of
 * Z_DEFAULT_COMPRESSION.  An explicit level (a caller of zlib that chose
 * one) is passed on as it is.  Where the override is not bound (libxapian
 * linked statically, or the executable not exporting it) Xapian simply
 * keeps level 6: slower, never wrong.  Level -1 (the default) changes
 * nothing.
 */
#include "xapian-c/xapc_private.h"

#include <atomic>
#include <dlfcn.h>
#include <zlib.h>

namespace {
std::atomic<int> deflate_level{Z_DEFAULT_COMPRESSION};

typedef int (*deflate_init2_fn)(z_streamp, int, int, int, int, int, const char *, int);
}

XAPC_API void xapc_set_deflate_level(int level)
{
    if (level < Z_DEFAULT_COMPRESSION || level > Z_BEST_COMPRESSION)
        level = Z_DEFAULT_COMPRESSION;
    deflate_level.store(level);
}

/* zlib's own entry point, overridden (see the header comment). */
extern "C" __attribute__((visibility("default"))) int
deflateInit2_(z_streamp strm, int level, int method, int window_bits, int mem_level,
              int strategy, const char *version, int stream_size)
{
    static const deflate_init2_fn real =
        reinterpret_cast<deflate_init2_fn>(dlsym(RTLD_NEXT, "deflateInit2_"));
    if (!real)
        return Z_VERSION_ERROR;  /* no zlib behind us: as a mismatched zlib */
    if (level == Z_DEFAULT_COMPRESSION)
        level = deflate_level.load();
    return real(strm, level, method, window_bits, mem_level, strategy, version, stream_size);
}
