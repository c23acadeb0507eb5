/* A fixed set of worker threads that join a parallel job as extra participants. The job function
 * runs on the calling thread at once and on each worker that wakes up while the job is still open;
 * the job divides its work among whoever runs it (atomic counters in the job), so a worker that the
 * OS schedules late joins late or not at all and delays nothing. One job at a time; a caller that
 * finds the pool busy (another JS thread of the process) runs its job alone. */
#ifndef TORCHLET_THREAD_POOL_H
#define TORCHLET_THREAD_POOL_H

typedef void (*pool_job_fn)(void *arg);

/* Runs fn(arg) on the calling thread and on up to threads - 1 workers; returns once every
 * participant has returned. fn must return only when no work it could claim is left. */
void pool_run(pool_job_fn fn, void *arg, int threads);

#endif
