//! One thread that runs every engine analysis, off the I/O task.
//!
//! Why not `spawn_blocking`: analyses hopping between the blocking pool's
//! threads spread the engine's allocations (and its pattern caches) over one
//! allocator arena per thread, which more than doubled peak memory with a
//! 1 MB response open. On one thread they reuse the same memory, and the
//! engine's per-thread fast paths stay warm. Analyses of different documents
//! queue behind each other, which two cores would force anyway.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;

use tokio::sync::oneshot;

use super::snapshot::panic_message;

type Task = Box<dyn FnOnce() + Send>;

pub struct Worker {
    tasks: mpsc::Sender<Task>,
}

impl Worker {
    /// Starts the thread; it ends when the worker is dropped.
    pub fn start() -> Worker {
        let (tx, rx) = mpsc::channel::<Task>();
        let spawned = std::thread::Builder::new()
            .name("foil-analysis".into())
            .spawn(move || {
                while let Ok(task) = rx.recv() {
                    task();
                }
            });
        if let Err(e) = spawned {
            // Without the thread every run reports the failure instead.
            tracing::error!("cannot start the analysis thread: {e}");
        }
        Worker { tasks: tx }
    }

    /// Runs `work` on the thread; a panic comes back as its message.
    pub async fn run<T, F>(&self, work: F) -> Result<T, String>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        let task: Task = Box::new(move || {
            let outcome =
                catch_unwind(AssertUnwindSafe(work)).map_err(|p| panic_message(p.as_ref()));
            let _ = tx.send(outcome);
        });
        if self.tasks.send(task).is_err() {
            return Err("the analysis thread has stopped".into());
        }
        rx.await
            .unwrap_or_else(|_| Err("the analysis thread has stopped".into()))
    }

    /// Runs `work` on the thread without waiting for it.
    pub fn spawn(&self, work: impl FnOnce() + Send + 'static) {
        let task: Task = Box::new(move || {
            let _ = catch_unwind(AssertUnwindSafe(work));
        });
        let _ = self.tasks.send(task);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn runs_in_order_and_survives_panics() {
        let worker = Worker::start();
        let name = worker
            .run(|| std::thread::current().name().map(str::to_string))
            .await
            .unwrap();
        assert_eq!(name.as_deref(), Some("foil-analysis"));
        let err = worker
            .run(|| -> u8 { panic!("engine bug") })
            .await
            .unwrap_err();
        assert_eq!(err, "engine bug");
        assert_eq!(worker.run(|| 2 + 2).await, Ok(4));
    }
}
