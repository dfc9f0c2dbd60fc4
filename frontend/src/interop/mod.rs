//! JavaScript interop shared by the bundles, one module per concern: each holds its
//! `wasm_bindgen` externs and exposes safe Rust functions. (The Daily.co bridge belongs to the
//! call bundle: `call/daily.rs`.)

pub mod files;
pub mod realtime;
pub mod stripe;
