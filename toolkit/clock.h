/* clock.h - toolkit: the one monotonic clock, for durations and rates. */
#ifndef GS_TOOLKIT_CLOCK_H
#define GS_TOOLKIT_CLOCK_H

/* Seconds since an arbitrary fixed point (CLOCK_MONOTONIC): subtract two
 * readings; never jumps with the wall clock. */
double gs_clock_now(void);

#endif /* GS_TOOLKIT_CLOCK_H */
