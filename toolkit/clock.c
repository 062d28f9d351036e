/* clock.c - toolkit: the monotonic clock (see clock.h). */
#include "toolkit/clock.h"

#include <time.h>

double gs_clock_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}
