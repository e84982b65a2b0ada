//! Work on every core, results in order (并行处理): `ordered` runs `jobs` numbered
//! jobs on worker threads and hands each result to the caller's thread in job
//! order, so that what is merged there comes out exactly as one ordered pass
//! would make it. Workers run at most a few jobs ahead of the merge, which
//! bounds the memory held by results waiting their turn. Depends on nothing.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// How many threads to use: the machine's cores (at least 1).
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs `work(i, state)` for every `i < jobs` on `threads` worker threads (each
/// with its own `state`, made by `init`, e.g. a reusable buffer) and calls
/// `merge(i, result)` on this thread for `i = 0, 1, 2, …` in order.
pub fn ordered<S, T: Send>(
    jobs: usize,
    threads: usize,
    init: impl Fn() -> S + Sync,
    work: impl Fn(usize, &mut S) -> T + Sync,
    mut merge: impl FnMut(usize, T),
) {
    let threads = threads.clamp(1, jobs.max(1));
    if threads == 1 || jobs <= 1 {
        let mut state = init();
        for i in 0..jobs {
            merge(i, work(i, &mut state));
        }
        return;
    }
    // Jobs taken but not yet merged, at most: enough to keep every worker busy
    // while one result waits for an earlier, slower one.
    let ahead = 4 * threads;
    let next = AtomicUsize::new(0);
    let (done, results) = mpsc::channel::<(usize, T)>();
    // One token per job that may be under way; the merge returns a token per result.
    let (token, tokens) = mpsc::sync_channel::<()>(ahead);
    for _ in 0..ahead {
        token.send(()).expect("room for every token");
    }
    let tokens = std::sync::Mutex::new(tokens);
    // The workers are tasks on rayon's threads, which live as long as the process:
    // each keeps its allocator's heap warm from one file to the next, where threads
    // spawned per call would leave theirs behind, freed but not yet returned.
    // The merge runs here, on the caller's thread.
    rayon::in_place_scope(|scope| {
        for _ in 0..threads {
            let (done, next, tokens, init, work) = (done.clone(), &next, &tokens, &init, &work);
            scope.spawn(move |_| {
                let mut state = init();
                loop {
                    // Wait for room before taking a job, so jobs are taken in order.
                    if tokens.lock().map(|t| t.recv()).is_err() {
                        return;
                    }
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= jobs || done.send((i, work(i, &mut state))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done);
        let mut waiting = BTreeMap::new();
        let mut expected = 0;
        for (i, result) in &results {
            waiting.insert(i, result);
            while let Some(result) = waiting.remove(&expected) {
                merge(expected, result);
                expected += 1;
                let _ = token.send(());
            }
            if expected == jobs {
                break;
            }
        }
        // Wake any worker still waiting for a token: there are no jobs left.
        for _ in 0..threads {
            let _ = token.try_send(());
        }
    });
}

/// Asks the kernel to back the memory of `buffer` (its whole capacity) with
/// 2 MiB pages where it can. For tables of millions of rows read at random (id
/// lookups) and vectors written once in full, this spares a TLB miss per
/// lookup and a page fault per 4 KiB, both costly in a virtual machine. Only
/// advice: where it is not taken, nothing changes.
pub fn huge_pages<T>(buffer: &Vec<T>) {
    #[cfg(target_os = "linux")]
    {
        const HUGE: usize = 2 << 20;
        let start = buffer.as_ptr() as usize;
        let end = start + buffer.capacity() * std::mem::size_of::<T>();
        let (from, to) = (start.next_multiple_of(HUGE), end / HUGE * HUGE);
        if to > from {
            // SAFETY: the range lies inside the buffer's own allocation; MADV_HUGEPAGE
            // changes how it is backed, never its contents.
            unsafe { libc::madvise(from as *mut libc::c_void, to - from, libc::MADV_HUGEPAGE) };
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = buffer;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_order_whatever_the_threads() {
        for threads in [1, 2, 3, 8] {
            let mut seen = Vec::new();
            ordered(
                100,
                threads,
                || 0usize,
                |i, count| {
                    *count += 1;
                    // Later jobs finish sooner, so results arrive out of order.
                    std::thread::sleep(std::time::Duration::from_micros((100 - i as u64) * 10));
                    i * i
                },
                |i, result| seen.push((i, result)),
            );
            assert_eq!(seen, (0..100).map(|i| (i, i * i)).collect::<Vec<_>>(), "{threads} threads");
        }
        let mut none = 0;
        ordered(0, 2, || (), |_, _| 1, |_, r: i32| none += r);
        assert_eq!(none, 0);
    }
}
