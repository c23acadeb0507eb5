/* A fixed set of worker threads for fork-join parallel loops: the calling thread runs part 0 and the
 * workers parts 1..n-1. One job at a time; a caller that finds the pool busy (another JS thread of the
 * same process) runs its job alone. */
#ifndef TORCHLET_THREAD_POOL_H
#define TORCHLET_THREAD_POOL_H

typedef void (*pool_task_fn)(void *arg, int part, int nparts);

/* Runs fn(arg, part, nparts) for part < nparts (nparts >= 1) and returns when all are done. */
void pool_run(pool_task_fn fn, void *arg, int nparts);

#endif
