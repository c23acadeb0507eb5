/* A fixed set of worker threads for fork-join loops over independent chunks. Chunks are claimed
 * dynamically: the calling thread starts at once and takes whatever chunks the workers have not
 * claimed, so a worker that the OS schedules late (a busy machine) delays nothing. One job at a
 * time; a caller that finds the pool busy (another JS thread of the process) runs its job alone. */
#ifndef TORCHLET_THREAD_POOL_H
#define TORCHLET_THREAD_POOL_H

typedef void (*pool_task_fn)(void *arg, int chunk, int nchunks);

/* Runs fn(arg, chunk, nchunks) for every chunk < nchunks, on up to `threads` threads (the caller
 * included), and returns when all are done. */
void pool_run(pool_task_fn fn, void *arg, int nchunks, int threads);

#endif
