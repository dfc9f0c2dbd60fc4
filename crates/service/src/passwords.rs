//! Argon2id password hashing, off the async executor and bounded.
//!
//! Each Argon2id hash takes 19 MiB and about 20 ms of a core. Run without a bound, a login
//! flood starts hundreds at once: memory climbs by gigabytes and every request times out.
//! [`Hasher`] runs them on a fixed set of threads (one per core) behind a short queue, and
//! refuses the excess at once with `overloaded` (503, `Retry-After`): a flood costs the
//! cores, never the memory, and the rest of the server keeps answering. The fixed threads
//! also keep the allocator's per-thread arenas, which hold on to freed 19 MiB blocks, to a
//! known number.

use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex, PoisonError};

use api_types::ErrorCode;
use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use domain::Password;

use crate::ServiceError;

/// Hashes queued per hashing thread before more are refused: at about 20 ms a hash, a queued
/// request waits at most some 160 ms.
pub const QUEUE_PER_THREAD: usize = 8;

type Job = Box<dyn FnOnce() + Send>;

/// A bounded pool for Argon2id work: `threads` hashes at once, `queue` more waiting, and a
/// quick `overloaded` refusal beyond. Dropping it (with the last clone of its context) ends
/// its threads.
pub struct Hasher {
    jobs: SyncSender<Job>,
    threads: usize,
    queue: usize,
}

impl std::fmt::Debug for Hasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hasher").field("threads", &self.threads).field("queue", &self.queue).finish()
    }
}

impl Hasher {
    /// `threads` hashing threads (at least one) and room for `queue` waiting hashes.
    pub fn new(threads: usize, queue: usize) -> Self {
        let threads = threads.max(1);
        let (jobs, receiver) = sync_channel::<Job>(queue);
        let receiver = Arc::new(Mutex::new(receiver));
        for n in 0..threads {
            let receiver = Arc::clone(&receiver);
            let spawned = std::thread::Builder::new().name(format!("argon2-{n}")).spawn(move || work(&receiver));
            if let Err(err) = spawned {
                tracing::error!(error = %err, "a password hashing thread could not start");
            }
        }
        Self { jobs, threads, queue }
    }

    /// One hashing thread per core, each with [`QUEUE_PER_THREAD`] waiting.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        Self::new(cores, cores * QUEUE_PER_THREAD)
    }

    /// Hashes a password into a PHC string (Argon2id, the crate's recommended parameters).
    pub async fn hash(&self, password: &Password) -> Result<String, ServiceError> {
        let clear = password.expose().to_owned();
        self.run(move || hash_now(&clear)).await?
    }

    /// Whether `clear` matches the stored PHC string. A malformed hash never matches.
    pub async fn verify(&self, clear: &str, phc: &str) -> Result<bool, ServiceError> {
        let (clear, phc) = (clear.to_owned(), phc.to_owned());
        self.run(move || verify_now(&clear, &phc)).await
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, ServiceError> {
        let (done, result) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = done.send(work());
        });
        match self.jobs.try_send(job) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => {
                tracing::warn!(threads = self.threads, queue = self.queue, "password hashing saturated; refusing");
                return Err(ServiceError::refused(
                    ErrorCode::Overloaded,
                    "Too many sign-ins are being checked right now. Try again in a moment.",
                ));
            }
            Err(TrySendError::Disconnected(_)) => {
                return Err(ServiceError::Internal("the password hashing threads are gone".to_owned()));
            }
        }
        result.await.map_err(|_| ServiceError::Internal("a password hashing job was dropped".to_owned()))
    }
}

fn work(receiver: &Mutex<Receiver<Job>>) {
    loop {
        // The lock is held only while waiting for the next job, never while hashing.
        let next = receiver.lock().unwrap_or_else(PoisonError::into_inner).recv();
        match next {
            Ok(job) => job(),
            Err(_) => return,
        }
    }
}

fn hash_now(clear: &str) -> Result<String, ServiceError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(clear.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|err| ServiceError::Internal(format!("password hashing failed: {err}")))
}

fn verify_now(clear: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|parsed| Argon2::default().verify_password(clear.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

/// Hashes a password outside any [`Hasher`], for the operator's `create-admin` (one at a time).
pub async fn hash(password: &Password) -> Result<String, ServiceError> {
    let clear = password.expose().to_owned();
    tokio::task::spawn_blocking(move || hash_now(&clear))
        .await
        .map_err(|err| ServiceError::Internal(format!("password hashing task failed: {err}")))?
}

/// A hash of a random password, checked against when the e-mail is unknown so that
/// a login takes as long whether or not the account exists.
pub fn dummy_hash() -> &'static str {
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$Hq3Jz3Tf0lSAZc6/tqEXsDwfYqoFSv1cGI8BMBTfMXM"
}

/// The stored hash of an account without a password (a prospect a host booked for): no
/// password verifies against it, and registering with its e-mail sets a real one.
pub fn unusable_hash() -> String {
    "!no-password".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_use_argon2id() {
        let hasher = Hasher::new(1, 4);
        let password = Password::parse("correct horse 1").unwrap();
        let phc = hasher.hash(&password).await.unwrap();
        assert!(phc.starts_with("$argon2id$"));
        assert!(hasher.verify("correct horse 1", &phc).await.unwrap());
        assert!(!hasher.verify("correct horse 2", &phc).await.unwrap());
        assert!(!hasher.verify("anything", "not a hash").await.unwrap());
        let operator = hash(&password).await.unwrap();
        assert!(hasher.verify("correct horse 1", &operator).await.unwrap());
    }

    #[tokio::test]
    async fn dummy_hash_is_well_formed_and_matches_nothing_guessable() {
        assert!(PasswordHash::new(dummy_hash()).is_ok());
        assert!(!Hasher::new(1, 1).verify("password", dummy_hash()).await.unwrap());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_excess_is_refused_at_once_and_the_rest_completes() {
        let hasher = Arc::new(Hasher::new(1, 2));
        let started = std::time::Instant::now();
        let checks: Vec<_> = (0..20)
            .map(|_| {
                let hasher = Arc::clone(&hasher);
                tokio::spawn(async move { hasher.verify("password", dummy_hash()).await })
            })
            .collect();
        let mut refused = 0;
        let mut done = 0;
        for check in checks {
            match check.await.unwrap() {
                Ok(false) => done += 1,
                Err(err) => {
                    assert_eq!(api_types::CodedError::code(&err), ErrorCode::Overloaded);
                    refused += 1;
                }
                Ok(true) => panic!("the dummy hash matched"),
            }
        }
        // One running and two queued at most when the burst arrives: the rest are refused.
        assert!((1..=6).contains(&done), "{done} done, {refused} refused");
        assert_eq!(done + refused, 20);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}
