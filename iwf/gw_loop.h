/* iwf/gw_loop.h: the daemon's one event loop (sofia-sip su_root) and signals delivered through it. */
#ifndef IWF_GW_LOOP_H
#define IWF_GW_LOOP_H

/* Not <sofia-sip/su_wait.h>: users choose their own SU_*_ARG_T before including it. */
struct su_root_s;
typedef struct su_root_s su_root_t;

struct gw_loop;

/* Called from the loop (never from a signal handler) with SIGTERM, SIGINT or SIGHUP. */
typedef void gw_signal_fn(void *arg, int signo);

/*
 * Creates the loop: su_init(), an su_root in single-threaded mode (su_root_threading 0).
 * ENOMEM or EIO. Destroy with gw_loop_destroy() after everything registered on the root
 * has been taken off it (curl_multi_cleanup, MHD stop, nua shutdown).
 */
int gw_loop_create(struct gw_loop **lp);
void gw_loop_destroy(struct gw_loop *l);

su_root_t *gw_loop_root(struct gw_loop *l);

/*
 * Routes SIGTERM, SIGINT and SIGHUP to fn through a signalfd on the loop: the signals are
 * blocked for the process and read as data, so no work happens in a signal handler.
 * SIGPIPE is ignored. gw_loop_destroy() restores the previous mask. errno on failure.
 */
int gw_loop_signals(struct gw_loop *l, gw_signal_fn *fn, void *arg);

/* Runs until gw_loop_stop(). */
void gw_loop_run(struct gw_loop *l);
void gw_loop_stop(struct gw_loop *l);

/*
 * Runs the loop until *flag becomes non-zero or timeout_ms passes (tests and start-up
 * waits). Returns 0 when the flag was set, ETIMEDOUT otherwise.
 */
int gw_loop_run_until(struct gw_loop *l, int const *flag, long timeout_ms);

#endif
